"""Pages of the cases app, one module per audience: the public (anonymous report and status),
reporters and triage, case work, agency referrals, and exports."""

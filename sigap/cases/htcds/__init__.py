"""HTCDS 2.0 in and out: the columns and their mapping (``columns``), the three export
profiles (``export``), the k-anonymous public release (``kanon``), the encrypted case-transfer
file (``transfer``) and the import of another agency's file (``importer``). docs/cases.md
holds the field-by-field mapping."""

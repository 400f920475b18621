"""Who may use each route: ONE LINE PER ROUTE, keyed by its URL name (``app:name``).

tests/security/test_access_matrix.py enumerates every route from the URL resolver and fails
for any route missing here. Adding a route = adding one line:

    "myapp:thing": scoped("thing"),       # ids of a Thing; "thing" must be in OBJECTS below
    "myapp:list": SIGNED_IN,             # any signed-in user, who sees only their own scope
    "myapp:public": PUBLIC,              # no account needed (also add it to the hostile corpus)
    "myapp:admin_page": ADMIN,           # superusers only
    "myapp:area": scoped("area"),         # a route with an area <code>

A route without a name is keyed by its pattern (``api/v1/^``). What each kind promises:

- every persona, every id: never a server error;
- anonymous: PUBLIC answers; everything else redirects to sign-in (pages) or 401 (API);
- ADMIN: everyone but a superuser is refused (redirect, 403 or 404);
- scoped(kind): an object of the other city (Medan vs Malang) and a made-up id give no data
  (403, 404, 405, a redirect, or 422 for an API write) to everyone without national scope,
  signed-in users without a role included.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Rule:
    kind: str  # public, signed_in, admin, scoped
    object: str | None = None


PUBLIC = Rule("public")
SIGNED_IN = Rule("signed_in")
ADMIN = Rule("admin")


def scoped(kind: str) -> Rule:
    return Rule("scoped", kind)


# kind -> (model, lookup from the model to its area code). A kind whose model is missing from
# the demo data is still checked with made-up ids.
OBJECTS = {
    "area": ("regions.Area", "code"),
    "report": ("cases.Report", "area__code"),
    "attachment": ("cases.Attachment", "report__area__code"),
    "case": ("cases.Case", "area__code"),
    "referral": ("cases.Referral", "case__area__code"),
    "user": ("people.User", "memberships__area__code"),
    "organisation": ("people.Organisation", "area__code"),
    "membership": ("people.Membership", "area__code"),
    "token": ("people.ApiToken", "user__memberships__area__code"),
    "notification": ("notifications.Notification", "recipient__memberships__area__code"),
    "programme": ("programme.Programme", "area__code"),
    "indicator": ("programme.Indicator", "programme__area__code"),
    "event": ("programme.Event", "area__code"),
    "material": ("programme.Material", "event__area__code"),
    "letter": ("programme.ReferenceLetter", "programme__area__code"),
    "follow_up": ("programme.FollowUp", "event__area__code"),
    "nomination": ("programme.Nomination", "participant__event__area__code"),
    "member": ("programme.Member", "area__code"),
    "outreach": ("programme.Outreach", "area__code"),
    "pact": ("programme.Pact", "area__code"),
    "condition": ("programme.ConditionReport", "area__code"),
    "stakeholder_commitment": ("programme.StakeholderCommitment", "stakeholder__area__code"),
    "bulk_job": ("jobcheck.BulkJob", "owner__memberships__area__code"),
    "alert": ("alerts.Alert", "area__code"),
    "leadership_report": ("dashboards.LeadershipReport", "area__code"),
}

MATRIX = {
    # The shell.
    "home": PUBLIC,
    "about": PUBLIC,
    # The installable shell (issue 20): nothing personal in any of them.
    "offline_worker": PUBLIC,
    "offline_manifest": PUBLIC,
    "offline_page": PUBLIC,
    "offline_outbox": PUBLIC,
    # Early warning.
    "alerts:list": SIGNED_IN,
    "alerts:run": SIGNED_IN,
    "alerts:detail": scoped("alert"),
    "alerts:post": scoped("alert"),
    "set_language": PUBLIC,
    "javascript-catalog": PUBLIC,
    "dashboard": SIGNED_IN,
    "dashboard_area": scoped("area"),
    "dashboards:download": SIGNED_IN,
    "dashboards:open_statistics": PUBLIC,
    "dashboards:reports": SIGNED_IN,
    "dashboards:report": scoped("leadership_report"),
    "dashboards:report_file": scoped("leadership_report"),
    # Cases.
    "cases:report_public": PUBLIC,
    "cases:area_options": PUBLIC,
    "cases:status": PUBLIC,
    "cases:reports": SIGNED_IN,
    "cases:report_new": SIGNED_IN,
    "cases:report": scoped("report"),
    "cases:report_post": scoped("report"),
    "cases:attachment": scoped("attachment"),
    "cases:cases": SIGNED_IN,
    "cases:export_htcds": SIGNED_IN,
    "cases:statistics": SIGNED_IN,
    "cases:htcds": SIGNED_IN,
    "cases:htcds_send": SIGNED_IN,
    "cases:htcds_public": SIGNED_IN,
    "cases:htcds_import": SIGNED_IN,
    "cases:htcds_import_commit": SIGNED_IN,
    "cases:htcds_import_progress": SIGNED_IN,
    "cases:case": scoped("case"),
    "cases:task_done": scoped("case"),
    "cases:service_done": scoped("case"),
    "cases:case_post": scoped("case"),
    "cases:referrals": SIGNED_IN,
    "cases:referral": scoped("referral"),
    "cases:referral_post": scoped("referral"),
    # People.
    "people:login": PUBLIC,
    "people:logout": PUBLIC,
    "people:2fa_verify": SIGNED_IN,
    "people:2fa_enrol": SIGNED_IN,
    "people:backup_codes": SIGNED_IN,
    "people:account": SIGNED_IN,
    "people:password_change": SIGNED_IN,
    "people:token_create": SIGNED_IN,
    "people:token_revoke": scoped("token"),
    "people:users": SIGNED_IN,
    "people:user_create": SIGNED_IN,
    "people:user": scoped("user"),
    "people:membership_create": scoped("user"),
    "people:user_deactivate": scoped("user"),
    "people:membership_end": scoped("membership"),
    "people:organisations": SIGNED_IN,
    "people:organisation_create": SIGNED_IN,
    "people:organisation_edit": scoped("organisation"),
    "people:audit": SIGNED_IN,
    "people:audit_csv": SIGNED_IN,
    # Regions.
    "regions:browse": SIGNED_IN,
    "regions:search": SIGNED_IN,
    "regions:detail": scoped("area"),
    # Notifications.
    "notifications:inbox": SIGNED_IN,
    "notifications:open": scoped("notification"),
    "notifications:read_all": SIGNED_IN,
    # Notices by message: one's own chat and choices only.
    "notifications:messages": SIGNED_IN,
    "notifications:messages_code": SIGNED_IN,
    "notifications:messages_kinds": SIGNED_IN,
    "notifications:messages_unlink": SIGNED_IN,
    # Programme.
    "programme:index": SIGNED_IN,
    "programme:create": SIGNED_IN,
    "programme:mine": SIGNED_IN,
    "programme:detail": scoped("programme"),
    "programme:letter_add": scoped("programme"),
    "programme:phase_create": scoped("programme"),
    "programme:criterion_add": scoped("programme"),
    "programme:indicator_add": scoped("programme"),
    "programme:indicator_edit": scoped("indicator"),
    "programme:coverage": scoped("programme"),
    "programme:event_create": scoped("programme"),
    "programme:members": scoped("programme"),
    "programme:member_add": scoped("programme"),
    "programme:reach": scoped("programme"),
    "programme:outreach_log": scoped("programme"),
    "programme:pacts": scoped("programme"),
    "programme:pact_create": scoped("programme"),
    "programme:conditions": scoped("programme"),
    "programme:condition_file": scoped("programme"),
    "programme:area_history": scoped("programme"),
    "programme:event": scoped("event"),
    "programme:participant_add": scoped("event"),
    "programme:attendance": scoped("event"),
    "programme:scores": scoped("event"),
    "programme:notes": scoped("event"),
    "programme:speaker_add": scoped("event"),
    "programme:material_add": scoped("event"),
    "programme:follow_up_add": scoped("event"),
    "programme:attendance_sheet": scoped("event"),
    "programme:participants_xlsx": scoped("event"),
    "programme:participants_csv": scoped("event"),
    "programme:selection": scoped("event"),
    "programme:material": scoped("material"),
    "programme:letter": scoped("letter"),
    "programme:follow_up_done": scoped("follow_up"),
    "programme:nomination": scoped("nomination"),
    "programme:member_edit": scoped("member"),
    "programme:outreach_photo": scoped("outreach"),
    "programme:outreach_edit": scoped("outreach"),
    "programme:pact": scoped("pact"),
    "programme:pact_document": scoped("pact"),
    "programme:report": scoped("condition"),
    "programme:report_confirm": scoped("condition"),
    "programme:condition_edit": scoped("condition"),
    # Refugees (the task force's aggregate monitoring).
    "refugees:index": SIGNED_IN,
    "refugees:area": scoped("area"),
    "refugees:headcount_new": scoped("area"),
    "programme:poll_open": scoped("event"),
    "programme:poll_advance": scoped("event"),
    "programme:paper_tally": scoped("event"),
    "programme:code_slips": scoped("event"),
    "programme:result_sheet": scoped("event"),
    "programme:result_xlsx": scoped("event"),
    "programme:result_csv": scoped("event"),
    "programme:vote": PUBLIC,
    "programme:reach_csv": scoped("programme"),
    "programme:reach_xlsx": scoped("programme"),
    "programme:conditions_csv": scoped("programme"),
    "programme:conditions_xlsx": scoped("programme"),
    "programme:nomination_answer": scoped("nomination"),
    "programme:stakeholders": scoped("programme"),
    "programme:stakeholder_add": scoped("programme"),
    "programme:event_stakeholders": scoped("event"),
    "programme:stakeholder_commit": scoped("event"),
    "programme:audiensi_pact": scoped("event"),
    "programme:stakeholder_commitment_done": scoped("stakeholder_commitment"),
    # Cek Lowongan.
    "jobcheck:check": PUBLIC,
    "jobcheck:statistics": SIGNED_IN,
    "jobcheck:bulk_jobs": SIGNED_IN,
    "jobcheck:bulk_job": scoped("bulk_job"),
    "jobcheck:bulk_progress": scoped("bulk_job"),
    "jobcheck:bulk_download": scoped("bulk_job"),
    # Messaging webhooks: the provider signs each call; nobody signs in.
    "channels:whatsapp": PUBLIC,
    "channels:telegram": PUBLIC,
    "channels:sms": PUBLIC,  # a secret path and an address allow-list
    # The demo's simulator: a 404 for everyone unless SIGAP_CHANNEL_SIMULATOR (off here).
    "simulator:chat": PUBLIC,
    "simulator:messages": PUBLIC,
    "simulator:send": PUBLIC,
    "simulator:staff": PUBLIC,
    "simulator:whatsapp_messages": PUBLIC,
    "simulator:whatsapp_media": PUBLIC,
    "simulator:whatsapp_file": PUBLIC,
    "simulator:telegram_send": PUBLIC,
    "simulator:telegram_get_file": PUBLIC,
    "simulator:telegram_file": PUBLIC,
    "simulator:sms_send": PUBLIC,
    # The API (/api/v1/): signed-in means a token or a session; 401 for anonymous callers.
    "api-index": PUBLIC,
    "api-docs": PUBLIC,
    # Background work: failed tasks (administrators) and a task's progress bar.
    "tasks:failed": ADMIN,
    "tasks:failed_detail": ADMIN,
    "tasks:failed_retry": ADMIN,
    "tasks:progress": SIGNED_IN,
    "api:failed_task_list": ADMIN,
    "api:failed_task_retry": ADMIN,
    "api:openapi-json": PUBLIC,
    "api:api-root": PUBLIC,  # ninja's own root, behind api-index
    "api/v1/^": PUBLIC,  # unknown paths: a JSON 404
    "api:me": SIGNED_IN,
    "api:area_list": SIGNED_IN,
    "api:area_search": SIGNED_IN,
    "api:area_detail": scoped("area"),
    "api:report_list": SIGNED_IN,
    "api:report_create": SIGNED_IN,
    "api:statistics": SIGNED_IN,
    "api:report_detail": scoped("report"),
    "api:report_triage": scoped("report"),
    "api:report_open_case": scoped("report"),
    "api:report_merge": scoped("report"),
    "api:case_list": SIGNED_IN,
    "api:case_detail": scoped("case"),
    "api:case_status": scoped("case"),
    "api:case_assign": scoped("case"),
    "api:case_details": scoped("case"),
    "api:case_victim": scoped("case"),
    "api:case_perpetrator": scoped("case"),
    "api:case_event": scoped("case"),
    "api:case_task": scoped("case"),
    "api:case_task_done": scoped("case"),
    "api:case_note": scoped("case"),
    "api:case_consent": scoped("case"),
    "api:case_consent_withdraw": scoped("case"),
    "api:case_refer": scoped("case"),
    "api:case_service": scoped("case"),
    "api:case_service_delivered": scoped("case"),
    "api:referral_list": SIGNED_IN,
    "api:referral_detail": scoped("referral"),
    "api:referral_accept": scoped("referral"),
    "api:referral_decline": scoped("referral"),
    "api:referral_complete": scoped("referral"),
    "api:referral_revoke": scoped("referral"),
    "api:programme_list": SIGNED_IN,
    "api:programme_coverage": scoped("programme"),
    "api:event_list": scoped("programme"),
    "api:participant_list": scoped("event"),
    "api:participant_register": scoped("event"),
    "api:attendance_set": scoped("event"),
    "api:scores_record": scoped("event"),
    "api:outreach_log": scoped("programme"),
    "api:outreach_update": scoped("outreach"),
    "api:condition_list": scoped("programme"),
    "api:condition_file": scoped("programme"),
    "api:condition_confirm": scoped("condition"),
    "api:condition_gaps": scoped("programme"),
    "api:pact_detail": scoped("pact"),
    "api:screening": SIGNED_IN,
    # Django's admin site: every admin:* route.
    "admin:*": ADMIN,
}

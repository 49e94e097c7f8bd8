"""The authorization policy: every route × method and the roles allowed. Deny by default.

A request whose endpoint and method are not listed here is refused (403), and
``tests/core/test_policy.py`` fails when a registered route is missing. Which *objects* a
role may reach inside an allowed route is decided beside this table: the place resolver
(foreign companies answer 404, ``tenants.places``) and the object rules (``core.objects``).
A person with several roles in one place may use a route when any of them is allowed
(``core.actor``). Keep one section per feature, in the order of the navigation.
"""

from __future__ import annotations

from collections.abc import Iterable

from hrcare.core.roles import ANONYMOUS, AUTHENTICATED, Role

PA = Role.PLATFORM_ADMIN.value
HUB = Role.HUB_OPERATOR.value
HUB_CONSULTANT = Role.HUB_CONSULTANT.value
HR = Role.HR_ADMIN.value
EXEC = Role.EXECUTIVE.value
STAFF = Role.CONSULTATION_STAFF.value
EMP = Role.EMPLOYEE.value

PUBLIC = frozenset({ANONYMOUS})
SIGNED_IN = frozenset({AUTHENTICATED})


def roles(*names: str) -> frozenset[str]:
    return frozenset(names)


def rw(allowed: frozenset[str]) -> dict[str, frozenset[str]]:
    """A form route: shown with GET, submitted with POST, by the same roles."""
    return {"GET": allowed, "POST": allowed}


POLICY: dict[str, dict[str, frozenset[str]]] = {
    "static": {"GET": PUBLIC},
    # --- auth ---------------------------------------------------------------------------
    "auth.login": rw(PUBLIC),
    "auth.logout": {"POST": SIGNED_IN},
    "auth.set_language": {"POST": PUBLIC},
    "auth.invitation": rw(PUBLIC),  # the signed link is the credential
    "auth.forgot_password": rw(PUBLIC),
    "auth.reset_password": rw(PUBLIC),
    "auth.change_password": rw(SIGNED_IN),
    "auth.outbox": {"GET": PUBLIC},  # 404 unless mail_backend=outbox outside production
    "auth.outbox_message": {"GET": PUBLIC},
    # --- dashboard ----------------------------------------------------------------------
    "dashboard.home": {"GET": PUBLIC},
    "dashboard.company": {"GET": roles(HR, EXEC, STAFF, EMP, HUB)},
    "dashboard.job_status": {"GET": roles(HR, EXEC, HUB)},
    "dashboard.answer_survey": {"POST": roles(EMP)},  # a fresh link to their open survey
    # --- tenants (platform admin, hub, company accounts) --------------------------------
    # Switching the place in force: only into a place the person holds a membership in, or
    # (a hub operator) into a client its hub manages; anything else is a 404.
    "tenants.switch_place": {"POST": SIGNED_IN},
    "tenants.admin_index": {"GET": roles(PA)},
    "tenants.hub_new": rw(roles(PA)),
    "tenants.company_new": rw(roles(PA)),
    "tenants.user_new": rw(roles(PA)),
    "tenants.user_toggle": {"POST": roles(PA)},
    "tenants.company_users": rw(roles(HR)),
    "tenants.company_user_toggle": {"POST": roles(HR)},
    "tenants.company_settings": rw(roles(HR)),
    # --- hubs (the hub console) ------------------------------------------------------------
    # A hub member's own hub only (the view answers 404 without a hub in force).
    "hubs.dashboard": {"GET": roles(HUB)},
    "hubs.export": {"GET": roles(HUB)},
    "hubs.refresh_estimates": {"POST": roles(HUB)},
    # Onboarding, batches and leaving: only companies the hub manages (else 404), all or none.
    "hubs.onboard": rw(roles(HUB)),
    "hubs.roster_upload": rw(roles(HUB)),
    "hubs.roster_preview": {"GET": roles(HUB)},
    "hubs.roster_commit": {"POST": roles(HUB)},
    "hubs.open_waves": {"POST": roles(HUB)},
    "hubs.leave": rw(roles(HUB)),
    "hubs.client_export": {"POST": roles(HUB)},  # aggregates only; audited in the client
    "hubs.effect_page": {"GET": roles(HUB)},
    "hubs.benchmarks_page": {"GET": roles(HUB)},
    "hubs.template": rw(roles(HUB)),
    "hubs.directory_add": {"POST": roles(HUB)},
    "hubs.directory_delete": {"POST": roles(HUB)},  # the hub's own entries only, else 404
    # A client's HR admins: what the company inherits from its hub, and its overrides.
    "hub_template.client_template": rw(roles(HR)),
    "hubs.effect_report": {"POST": roles(HUB)},
    "hubs.effect_report_show": {"GET": roles(HUB)},  # the hub's own reports only, else 404
    # --- roster -------------------------------------------------------------------------
    "roster.index": {"GET": roles(HR)},
    "roster.new": rw(roles(HR)),
    "roster.edit": rw(roles(HR)),
    "roster.import_upload": rw(roles(HR)),
    "roster.import_preview": {"GET": roles(HR)},
    "roster.import_commit": {"POST": roles(HR)},
    "roster.import_discard": {"POST": roles(HR)},
    "roster.export": {"GET": roles(HR)},
    # --- surveys (admin, answering) ---------------------------------------------------
    # HR administers; executives and hub operators read results elsewhere (survey_results).
    "surveys.index": {"GET": roles(HR)},
    "surveys.new": rw(roles(HR)),
    "surveys.detail": {"GET": roles(HR)},
    "surveys.edit": rw(roles(HR)),
    "surveys.open_": {"POST": roles(HR)},
    "surveys.close": rw(roles(HR)),  # GET: the confirmation with the count
    "surveys.new_wave": {"POST": roles(HR)},
    "surveys.delete": {"POST": roles(HR)},
    "surveys.invite": {"POST": roles(HR)},
    "surveys.invite_late": {"POST": roles(HR)},  # recorded and shown (stuffing)
    "surveys.remind": rw(roles(HR)),  # GET: the confirmation with the count
    "surveys.links": rw(roles(HR)),
    "surveys.preview": {"GET": roles(HR)},
    "surveys.question_new": rw(roles(HR)),
    "surveys.question_edit": rw(roles(HR)),
    "surveys.question_delete": {"POST": roles(HR)},
    "surveys.question_move": {"POST": roles(HR)},
    # The employee's personal link is the credential (no login); nothing about answers is
    # reachable through these routes. The consultation page has no token at all.
    "survey_answer.enter": rw(PUBLIC),  # the link: exchanged for the session at once
    "survey_answer.consent": rw(PUBLIC),
    "survey_answer.page": rw(PUBLIC),
    "survey_answer.thanks": {"GET": PUBLIC},
    "survey_answer.consult": {"GET": PUBLIC},
    # --- survey results -----------------------------------------------------------------
    # Aggregates only, under the anonymity rules; never free text. Hub operators reach
    # their client companies only (the tenant resolver answers 404 for any other).
    "survey_results.index": {"GET": roles(HR, EXEC, HUB)},
    "survey_results.show": {"GET": roles(HR, EXEC, HUB)},
    "survey_results.waves": {"GET": roles(HR, EXEC, HUB)},
    "survey_results.export": {"GET": roles(HR, EXEC, HUB)},
    # --- loss ---------------------------------------------------------------------------
    # Aggregates only (breakdowns under the anonymity threshold). The scenario form is a
    # GET query: it changes nothing. Hub operators reach their client companies only.
    "loss.index": {"GET": roles(HR, EXEC, HUB)},
    "loss.settings": rw(roles(HR)),
    "loss.settings_reset": {"POST": roles(HR)},
    # --- reports ------------------------------------------------------------------------
    # Whoever may see a company's aggregates may build and download its reports; a hub
    # operator reaches its client companies only, and its own batches only.
    "reports.index": {"GET": roles(HR, EXEC, HUB)},
    "reports.generate": {"POST": roles(HR, EXEC, HUB)},
    "reports.show": {"GET": roles(HR, EXEC, HUB)},
    "reports.download": {"GET": roles(HR, EXEC, HUB)},
    "report_batches.batch_create": {"POST": roles(HUB)},
    "report_batches.batch_show": {"GET": roles(HUB)},
    "report_batches.batch_download": {"GET": roles(HUB)},
    # --- checklists: the guideline plan -------------------------------------------------
    # HR admins edit; executives read the plan, its progress, evidence and 効果検証.
    "checklists.index": {"GET": roles(HR, EXEC)},
    "checklists.action": {"GET": roles(HR, EXEC), "POST": roles(HR)},
    "checklists.indicators": {"POST": roles(HR)},
    "checklists.session_add": {"POST": roles(HR)},
    "checklists.effect_page": {"GET": roles(HR, EXEC)},
    "checklists.evidence_add": {"POST": roles(HR)},
    "checklists.evidence_file": {"GET": roles(HR, EXEC)},
    "checklists.evidence_delete": {"POST": roles(HR)},
    # --- duties: the legal-duty ledger (names of employees: HR; notices: also the desk) ---
    "duties.index": {"GET": roles(HR)},
    "duties.age40_record": {"POST": roles(HR)},
    "duties.notices": rw(roles(HR, STAFF)),
    "duties.measure": rw(roles(HR)),
    "duties.export_file": {"GET": roles(HR)},
    "duties.printable": {"GET": roles(HR)},
    # --- consultations --------------------------------------------------------------------
    # Route × role here; which consultation a person reads is decided by the object rules in
    # consultations/access.py (the requester, the assigned staff member; anyone else: 404).
    "consultations.mine": {"GET": roles(HR, EXEC, STAFF, EMP)},
    "consultations.new": rw(roles(HR, EXEC, STAFF, EMP)),
    "consultations.show": {"GET": roles(HR, EXEC, STAFF, EMP)},
    "consultations.reply": {"POST": roles(HR, EXEC, STAFF, EMP)},
    "consultations.withdraw": {"POST": roles(HR, EXEC, STAFF, EMP)},
    "consultations.consent": {"POST": roles(HR, EXEC, STAFF, EMP)},
    # The company's entry link: no account; the mailed private link is the credential.
    "consult_entry.new": rw(PUBLIC),
    "consult_entry.sent": {"GET": PUBLIC},
    "consult_entry.follow": {"GET": PUBLIC},
    "consult_entry.follow_reply": {"POST": PUBLIC},
    "consult_entry.follow_withdraw": {"POST": PUBLIC},
    "desk.inbox": {"GET": roles(STAFF)},
    "desk.detail": {"GET": roles(STAFF)},
    "desk.take": {"POST": roles(STAFF)},
    "desk.assign": {"POST": roles(STAFF)},
    "desk.reply": {"POST": roles(STAFF)},
    "desk.note": {"POST": roles(STAFF)},
    "desk.status": {"POST": roles(STAFF)},
    "desk.notice": rw(roles(STAFF)),
    "desk.plan": rw(roles(STAFF)),
    "desk.plan_share": {"GET": roles(STAFF)},
    "desk.comments": {"GET": roles(STAFF)},
    "desk.directory_index": {"GET": roles(STAFF, HR)},
    "desk.directory_new": rw(roles(STAFF, HR)),
    "desk.settings": rw(roles(HR)),
    # Counts by topic and status under the anonymity threshold; never contents.
    "desk.overview": {"GET": roles(HR, EXEC, HUB)},
}


def allowed_roles(endpoint: str | None, method: str) -> frozenset[str] | None:
    """The roles allowed, or None when the route × method is not in the policy."""
    if endpoint is None:
        return None
    methods = POLICY.get(endpoint)
    if methods is None:
        return None
    if method in {"HEAD", "OPTIONS"}:
        method = "GET"
    return methods.get(method)


def is_allowed(endpoint: str, roles: str | Iterable[str] | None, method: str = "GET") -> bool:
    """May someone holding ``roles`` (one role, several, or None when signed out) use this
    route × method? Several roles in one place: allowed when any of them is."""
    allowed = allowed_roles(endpoint, method)
    if allowed is None:
        return False
    if ANONYMOUS in allowed:
        return True
    if roles is None:
        return False
    held = {roles} if isinstance(roles, str) else set(roles)
    return AUTHENTICATED in allowed or bool(held & allowed)

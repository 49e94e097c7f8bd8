"""Consultations."""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import EMP, EXEC, HR, HUB, PUBLIC, STAFF, roles, rw

FEATURE = Feature(
    name="consultations",
    blueprints=(
        "hrcare.consultations.views",
        "hrcare.consultations.entry_views",
        "hrcare.consultations.desk_views",
    ),
    models=(
        "hrcare.consultations.models",
        "hrcare.consultations.directory_models",
    ),
    policy={
        # --- consultations ---
        # Route × role here; which consultation a person reads is decided by the object rules in
        # consultations/access.py (the requester, the assigned staff member; anyone else: 404).
        "consultations.mine": {"GET": roles(HR, EXEC, STAFF, EMP)},
        "consultations.new": rw(roles(HR, EXEC, STAFF, EMP)),
        "consultations.show": {"GET": roles(HR, EXEC, STAFF, EMP)},
        "consultations.reply": {"POST": roles(HR, EXEC, STAFF, EMP)},
        "consultations.attachment": {"GET": roles(HR, EXEC, STAFF, EMP)},
        "consultations.withdraw": {"POST": roles(HR, EXEC, STAFF, EMP)},
        "consultations.consent": {"POST": roles(HR, EXEC, STAFF, EMP)},
        # The company's entry link: no account; the mailed private link is the credential.
        "consult_entry.new": rw(PUBLIC),
        "consult_entry.sent": {"GET": PUBLIC},
        "consult_entry.follow": {"GET": PUBLIC},
        "consult_entry.follow_reply": {"POST": PUBLIC},
        "consult_entry.follow_attachment": {"GET": PUBLIC},
        "consult_entry.follow_withdraw": {"POST": PUBLIC},
        "desk.inbox": {"GET": roles(STAFF)},
        "desk.detail": {"GET": roles(STAFF)},
        "desk.take": {"POST": roles(STAFF)},
        "desk.assign": {"POST": roles(STAFF)},
        "desk.reply": {"POST": roles(STAFF)},
        "desk.attachment": {"GET": roles(STAFF)},
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
    },
    navigation=(
        NavItem("desk.inbox", _l("相談窓口"), order=110),
        NavItem("consultations.mine", _l("相談する"), order=120),
        NavItem("desk.overview", _l("相談の状況"), order=130),
    ),
)

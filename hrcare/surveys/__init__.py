"""The caregiving survey (仕事と介護の両立に関する実態把握調査): campaigns, answers, results."""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import EXEC, HR, HUB, PUBLIC, roles, rw

FEATURE = Feature(
    name="surveys",
    blueprints=(
        "hrcare.surveys.views",
        "hrcare.surveys.answer_views",
        "hrcare.surveys.results.views",
    ),
    models=("hrcare.surveys.models",),
    commands=("hrcare.surveys.results.cli",),
    policy={
        # --- surveys (admin, answering) ---
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
        # --- survey results ---
        # Aggregates only, under the anonymity rules; never free text. Hub operators reach
        # their client companies only (the tenant resolver answers 404 for any other).
        "survey_results.index": {"GET": roles(HR, EXEC, HUB)},
        "survey_results.show": {"GET": roles(HR, EXEC, HUB)},
        "survey_results.waves": {"GET": roles(HR, EXEC, HUB)},
        "survey_results.export": {"GET": roles(HR, EXEC, HUB)},
    },
    navigation=(
        NavItem("surveys.index", _l("アンケート"), order=50),
        NavItem("survey_results.index", _l("調査結果"), order=60),
    ),
)

"""The company estimate: basis selection, saved parameters, thresholds, fallbacks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pandas as pd
import pytest
from sqlalchemy import select

from hrcare.core.audit import AuditEvent
from hrcare.loss import services
from hrcare.loss.model import estimate
from hrcare.loss.models import LossSettings
from hrcare.loss.params import LossParameters, ParameterError
from hrcare.loss.scenarios import Scenario

from .conftest import FLAT, NA, PER_LEAVER, RATE, SHARE, V, respondents, survey_frame

TODAY = date(2026, 4, 1)
NOW = datetime(2026, 4, 1, 3, 0, tzinfo=UTC)


def approx(value: float) -> object:
    return pytest.approx(value, rel=1e-9, abs=1e-6)


def national_total(employees: int, v: float = V) -> float:
    caregivers = employees * SHARE
    return caregivers * v * FLAT + caregivers * RATE * (PER_LEAVER - V + v)


# ------------------------------------------------------------------ basis


def test_without_survey_uses_roster_and_national_share(session, tenant_a, staff, use_survey):
    use_survey(None)
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.basis == "national_average"
    assert result.result.employees == 20  # the leaver is not counted
    assert result.result.respondents is None and result.result.caregivers_observed is None
    assert result.result.caregivers_estimated == approx(20 * SHARE)
    assert result.result.total_yen == approx(national_total(20))
    assert "national_average_basis" in result.notes
    assert result.separation_range is None
    assert (result.outlook, result.outlook_unavailable) == (None, "no_survey")
    assert (dict(result.breakdowns), result.breakdown_unavailable) == ({}, "no_survey")


def test_older_workforce_is_noted(session, tenant_a, make_employee, use_survey):
    use_survey(None)
    for _ in range(6):
        make_employee(tenant_a.company, birth_date=date(1968, 1, 1))  # 58
    make_employee(tenant_a.company, birth_date=date(1998, 1, 1))
    notes = services.company_estimate(session, tenant_a.company, today=TODAY).notes
    assert "older_workforce_underestimate" in notes


def test_young_workforce_is_not_flagged(session, tenant_a, make_employee, use_survey):
    use_survey(None)
    for _ in range(6):
        make_employee(tenant_a.company, birth_date=date(1998, 1, 1))
    notes = services.company_estimate(session, tenant_a.company, today=TODAY).notes
    assert "older_workforce_underestimate" not in notes


def test_survey_answers_are_used_when_they_exist(session, tenant_a, staff, use_survey):
    frame = survey_frame(
        respondents("営業部", 6, caregivers=3)
        + respondents("開発部", 6, caregivers=2)
        + [("開発部", "45-49", False, NA, NA, NA)] * 3
    )
    frame.loc[0, "balancing_status"] = "considering_leaving"
    frame.loc[7 + 2, "future_caregiver"] = True  # a non-caregiver of 開発部
    use_survey(frame)
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.basis == "survey"
    assert result.survey_id == 7 and result.survey_title.startswith("2026年度")
    assert result.result.employees == 15 and result.result.respondents == 12
    assert result.result.caregivers_observed == 5
    # 5 of 12 respondents care; three non-respondents at 5/12 each.
    caregivers = 5 + 3 * 5 / 12
    assert result.result.caregivers_estimated == approx(caregivers)
    assert result.result.total_yen == approx(estimate(frame).total_yen)
    low, high = result.separation_range
    assert result.range_unavailable is None
    assert low.separation_method == "national_rate" and high.separation_method == "survey_intent"
    assert high.leavers_expected == approx(caregivers / 5)  # 1 of 5 caregivers considers leaving
    assert result.outlook is not None and result.outlook_unavailable is None
    assert result.outlook.future_caregivers_observed == 1
    assert set(result.breakdowns) == {"department", "age_band"}
    frame.loc[[0, 1, 2, 6, 7], "performance_score"] = 7.0  # every caregiver gave a score
    use_survey(frame)
    chosen = services.company_estimate(
        session, tenant_a.company, today=TODAY, method="self_reported", separation="survey_intent"
    )
    assert (chosen.method, chosen.separation) == ("self_reported", "survey_intent")
    assert chosen.result.leavers_expected == approx(caregivers / 5)


def test_too_few_respondents_are_not_used(session, tenant_a, staff, use_survey):
    """SECURITY.md item 4 for the company-wide figures: 4 respondents < threshold 5."""
    use_survey(survey_frame(respondents("営業部", 4, caregivers=1)))
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.basis == "national_average"
    assert result.result.caregivers_observed is None and result.result.employees == 20
    assert result.notes[0] == "survey_below_threshold"


def test_respondents_who_did_not_answer_the_caregiving_question_do_not_count(
    session, tenant_a, staff, use_survey
):
    """Six respondents, but only one said yes or no: the caregiver rate would be that one
    person's answer, so the survey is not used."""
    frame = survey_frame(respondents("営業部", 6, caregivers=1))
    frame.loc[1:5, "is_caregiver"] = pd.NA  # "prefer not to say"
    use_survey(frame)
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.basis == "national_average"
    assert result.notes[0] == "survey_below_threshold"


def test_caregivers_own_answers_need_enough_caregivers(session, tenant_a, staff, use_survey):
    """Four respondent caregivers: their statuses and scores must not be readable."""
    frame = survey_frame(respondents("営業部", 10, caregivers=4))
    frame.loc[0, "balancing_status"] = "considering_leaving"
    frame.loc[1, "performance_score"] = 2.0
    use_survey(frame)
    result = services.company_estimate(
        session, tenant_a.company, today=TODAY, method="self_reported", separation="survey_intent"
    )
    assert result.basis == "survey" and result.result.caregivers_observed == 4
    assert (result.method, result.separation) == ("flat", "national_rate")
    assert (result.result.method, result.result.separation_method) == ("flat", "national_rate")
    assert result.result.productivity_loss_yen == approx(4 * V * FLAT)
    assert {"self_reported_below_threshold", "survey_intent_below_threshold"} <= set(result.notes)
    assert (result.separation_range, result.range_unavailable) == (None, "few_caregivers")
    assert all(item.result.method == "flat" for item in result.scenarios)
    assert result.outlook.baseline.method == "flat"


def test_self_reported_needs_enough_caregivers_with_a_score(session, tenant_a, staff, use_survey):
    """Six caregivers but one score: self_reported minus flat would give that one score.

    (10 - 2) / 10 - 0.275 = V x 0.525 between the two methods, from one person's answer.
    """
    frame = survey_frame(respondents("営業部", 10, caregivers=6))
    frame.loc[0, "performance_score"] = 2.0
    use_survey(frame)
    result = services.company_estimate(
        session, tenant_a.company, today=TODAY, method="self_reported"
    )
    assert result.basis == "survey" and result.result.caregivers_observed == 6
    assert (result.method, result.result.method) == ("flat", "flat")
    assert "self_reported_below_threshold" in result.notes
    assert result.result.productivity_loss_yen == approx(6 * V * FLAT)


def test_self_reported_with_enough_scores_is_used(session, tenant_a, staff, use_survey):
    frame = survey_frame(respondents("営業部", 10, caregivers=6))
    frame.loc[0:4, "performance_score"] = 5.0  # five scored caregivers, one without a score
    use_survey(frame)
    result = services.company_estimate(
        session, tenant_a.company, today=TODAY, method="self_reported"
    )
    assert result.method == "self_reported"
    assert result.result.productivity_loss_yen == approx(V * (5 * 0.5 + FLAT))


def test_survey_without_caregiving_answers_falls_back_to_roster(
    session, tenant_a, staff, use_survey
):
    use_survey(survey_frame([("営業部", "45-49", False, NA, NA, NA)] * 8))
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.basis == "national_average"
    assert result.result.employees == 20  # the roster, not the 8 invitations
    assert result.notes[0] == "survey_without_answers"


def test_real_survey_module_without_a_survey_falls_back(session, tenant_a, staff):
    """No stand-in: the survey feature's own query finds nothing for this company."""
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.basis == "national_average"


def test_no_employees_and_no_survey(session, tenant_a, use_survey):
    use_survey(None)
    with pytest.raises(services.NoEmployees):
        services.company_estimate(session, tenant_a.company, today=TODAY)


def test_roster_frame_is_the_tenants_own(session, tenant_a, tenant_b, staff, make_employee):
    make_employee(tenant_b.company, department="カナリア部")
    frame = services.roster_frame(session, tenant_a.company.id, TODAY)
    assert len(frame) == 20
    assert "カナリア部" not in set(frame["department"])
    assert set(frame.columns) >= {"age_band", "is_manager", "department"}
    assert "name" not in frame.columns and "employee_number" not in frame.columns


# ------------------------------------------------------------- parameters


def test_defaults_when_nothing_saved(session, tenant_a):
    assert services.company_parameters(session, tenant_a.company.id) == LossParameters()


def test_saved_overrides_are_applied_and_recorded(session, tenant_a, staff, use_survey):
    use_survey(None)
    user = tenant_a.users["hr_admin"]
    services.save_settings(
        session,
        actor_id=user.id,
        company_id=tenant_a.company.id,
        values={"value_added_per_worker_yen": 5_000_000, "tenure_years": 35},
        method="flat",
        separation="national_rate",
        now=NOW,
    )
    row = session.scalars(select(LossSettings)).one()
    assert row.overrides == {"value_added_per_worker_yen": 5_000_000}  # 35 is the default
    assert (row.company_id, row.updated_by_id, row.updated_at) == (
        tenant_a.company.id,
        user.id,
        NOW,
    )
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.parameter_set == {
        "name": "meti-2030",
        "version": 1,
        "customised": True,
        "overridden": ["value_added_per_worker_yen"],
    }
    assert result.result.total_yen == approx(national_total(20, v=5_000_000))
    for item in result.scenarios:
        assert item.result.parameter_set["overridden"] == ["value_added_per_worker_yen"]
    audit = session.scalars(select(AuditEvent).where(AuditEvent.action.like("loss.%"))).all()
    assert [(a.action, a.actor_id, a.company_id) for a in audit] == [
        ("loss.settings.update", user.id, tenant_a.company.id)
    ]


def test_saved_method_is_the_default(session, tenant_a, staff, use_survey):
    use_survey(None)
    services.save_settings(
        session,
        actor_id=None,
        company_id=tenant_a.company.id,
        values={},
        method="position",
        separation="survey_intent",
        now=NOW,
    )
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.method == "position" and result.result.method == "position"
    # No survey: survey_intent cannot apply, and the page says so.
    assert result.result.separation_method == "national_rate"
    assert "survey_intent_unavailable" in result.notes
    chosen = services.company_estimate(session, tenant_a.company, today=TODAY, method="flat")
    assert chosen.result.method == "flat"


@pytest.mark.parametrize(
    ("values", "method", "separation", "parameter"),
    [
        ({"caregiver_separation_rate": 1.5}, "flat", "national_rate", "caregiver_separation_rate"),
        ({"replacement_cost_yen": -1}, "flat", "national_rate", "replacement_cost_yen"),
        ({"age_band_drop_rates": {"30-34": 2}}, "flat", "national_rate", None),
        ({}, "guess", "national_rate", "method"),
        ({}, "flat", "guess", "separation"),
    ],
)
def test_bad_settings_write_nothing(session, tenant_a, values, method, separation, parameter):
    with pytest.raises(ParameterError) as caught:
        services.save_settings(
            session,
            actor_id=None,
            company_id=tenant_a.company.id,
            values=values,
            method=method,
            separation=separation,
            now=NOW,
        )
    if parameter:
        assert caught.value.parameter == parameter
    assert session.scalars(select(LossSettings)).all() == []
    assert session.scalars(select(AuditEvent).where(AuditEvent.action.like("loss.%"))).all() == []


def test_reset_returns_to_meti_defaults(session, tenant_a):
    company_id = tenant_a.company.id
    services.save_settings(
        session,
        actor_id=None,
        company_id=company_id,
        values={"productivity_drop_rate": 0.2},
        method="age_band",
        separation="survey_intent",
        now=NOW,
    )
    assert services.company_parameters(session, company_id).productivity_drop_rate == 0.2
    row = services.reset_settings(session, actor_id=None, company_id=company_id, now=NOW)
    assert (row.overrides, row.method, row.separation) == ({}, "flat", "national_rate")
    assert services.company_parameters(session, company_id) == LossParameters()
    actions = session.scalars(
        select(AuditEvent.action).where(AuditEvent.action.like("loss.%")).order_by(AuditEvent.id)
    ).all()
    assert actions == ["loss.settings.update", "loss.settings.reset"]


def test_settings_of_another_company_do_not_apply(session, tenant_a, tenant_b):
    services.save_settings(
        session,
        actor_id=None,
        company_id=tenant_b.company.id,
        values={"value_added_per_worker_yen": 1_000_000},
        method="flat",
        separation="national_rate",
        now=NOW,
    )
    assert services.company_parameters(session, tenant_a.company.id) == LossParameters()


# ---------------------------------------------- anonymity in breakdowns


def _departments_frame():  # type: ignore[no-untyped-def]
    return survey_frame(
        respondents("営業部", 8, caregivers=2, band="50-54")
        + respondents("開発部", 7, caregivers=1, band="50-54")
        + respondents("総務部", 6, caregivers=1, band="50-54")
        + respondents("監査室", 3, caregivers=1, band="30-34")
        + [("監査室", "30-34", False, NA, NA, NA)] * 2
    )


@pytest.mark.parametrize("threshold", [5, 7, 8, 20])
def test_breakdowns_respect_the_company_threshold(session, tenant_a, staff, use_survey, threshold):
    tenant_a.company.anonymity_threshold = threshold
    session.flush()
    use_survey(_departments_frame())
    result = services.company_estimate(session, tenant_a.company, today=TODAY)
    assert result.threshold == threshold
    for by, groups in result.breakdowns.items():
        shown = [g for g in groups if not g.suppressed]
        hidden = [g for g in groups if g.suppressed]
        assert all(g.respondents >= threshold for g in shown), by
        assert all(g.total_yen is None and g.respondents is None for g in hidden), by
        # Complement rule: what is hidden cannot be recovered as a single small group.
        if hidden and shown:
            assert len(hidden) >= 2
    departments = {g.key: g.suppressed for g in result.breakdowns["department"]}
    assert departments["監査室"] is True
    assert departments["開発部"] is (threshold > 7)
    if threshold == 20:
        assert all(departments.values())


def test_estimate_without_breakdowns_has_the_same_figures(session, tenant_a, staff, use_survey):
    """The executive report asks for no breakdowns: every other figure is the same."""
    use_survey(_departments_frame())
    full = services.company_estimate(session, tenant_a.company, today=TODAY)
    lean = services.company_estimate(session, tenant_a.company, today=TODAY, breakdowns=False)
    assert full.basis == lean.basis == "survey"
    assert full.breakdowns and lean.breakdowns == {}
    assert lean.breakdown_unavailable == "not_requested" and full.breakdown_unavailable is None
    assert lean.result.to_dict() == full.result.to_dict()
    assert lean.separation_range == full.separation_range
    assert lean.outlook == full.outlook and lean.scenarios == full.scenarios
    assert (lean.method, lean.separation, lean.notes) == (full.method, full.separation, full.notes)


# ---------------------------------------------------------------- scenarios


def test_custom_scenario_next_to_the_standard_ones(session, tenant_a, staff, use_survey):
    use_survey(None)
    custom = Scenario("custom", drop_reduction=0.3, separation_reduction=0.5)
    result = services.company_estimate(session, tenant_a.company, today=TODAY, scenario=custom)
    assert [s.scenario.name for s in result.scenarios] == ["drop_minus_30pct", "separations_halved"]
    assert result.custom is not None and result.custom.scenario is custom
    base = result.result
    diff = result.custom.difference
    assert diff["productivity_loss_yen"] == approx(-0.3 * base.productivity_loss_yen)
    assert diff["replacement_cost_yen"] == approx(-0.5 * base.replacement_cost_yen)
    assert diff["caregivers_estimated"] == approx(0)
    assert services.company_estimate(session, tenant_a.company, today=TODAY).custom is None


def test_band_and_position_methods_need_every_group_shown(session, tenant_a, staff, use_survey):
    """A hidden age band (監査室's two 30–34s) or few managers: the flat drop instead."""
    frame = survey_frame(
        respondents("営業部", 10, caregivers=5)
        + respondents("監査室", 2, caregivers=1, band="30-34")
    )
    frame.loc[[0, 1], "is_manager"] = True
    use_survey(frame)
    for method in ("age_band", "position"):
        result = services.company_estimate(session, tenant_a.company, today=TODAY, method=method)
        assert result.method == "flat" and result.result.method == "flat"
        assert f"{method}_below_threshold" in result.notes
        assert result.result.productivity_loss_yen == approx(6 * V * FLAT)


def test_band_method_with_every_band_shown_and_flat_breakdowns(
    session, tenant_a, staff, use_survey
):
    frame = survey_frame(
        respondents("営業部", 6, caregivers=3, band="45-49")
        + respondents("開発部", 6, caregivers=2, band="55-59")
    )
    use_survey(frame)
    result = services.company_estimate(session, tenant_a.company, today=TODAY, method="age_band")
    assert result.method == "age_band" and "age_band_below_threshold" not in result.notes
    assert result.result.productivity_loss_yen == approx(V * (3 * 0.241 + 2 * 0.225))
    # Breakdowns stay on the flat drop, so they add no equation on hidden cells.
    departments = {g.key: g for g in result.breakdowns["department"]}
    assert departments["営業部"].productivity_loss_yen == approx(3 * V * FLAT)
    assert departments["開発部"].productivity_loss_yen == approx(2 * V * FLAT)

"""The loss page and the settings page: who may see them, what they show, validation."""

from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import select

from hrcare.core.audit import AuditEvent
from hrcare.core.formatting import yen_full, yen_ja
from hrcare.core.roles import Role
from hrcare.loss import services
from hrcare.loss.model import estimate
from hrcare.loss.models import LossSettings
from hrcare.loss.params import SOURCES
from hrcare.loss.results import whole_yen
from tests.conftest import Tenant, sign_in

from .conftest import NA, respondents, survey_frame

INDEX = "/c/{slug}/loss/"
SETTINGS = "/c/{slug}/loss/settings"
RESET = "/c/{slug}/loss/settings/reset"
VALID_SETTINGS = {
    "value_added_per_worker_yen": "8,000,000",
    "method": "flat",
    "separation": "national_rate",
}

# route × method → the roles that get a success; everyone else: 403 (own company).
ALLOWED = {
    ("GET", INDEX): {Role.HR_ADMIN, Role.EXECUTIVE, Role.HUB_OPERATOR},
    ("GET", SETTINGS): {Role.HR_ADMIN},
    ("POST", SETTINGS): {Role.HR_ADMIN},
    ("POST", RESET): {Role.HR_ADMIN},
}
SUCCESS = {"GET": 200, "POST": 302}


def request(client, method: str, path: str):  # type: ignore[no-untyped-def]
    if method == "GET":
        return client.get(path)
    return client.post(path, data=VALID_SETTINGS)


@pytest.mark.parametrize(("method", "route"), list(ALLOWED))
@pytest.mark.parametrize("role", list(Role))
def test_permission_matrix(client, tenant_a, tenant_b, staff, use_survey, method, route, role):
    """Own company: allowed roles succeed, others 403; a foreign company: 404 for allowed roles."""
    use_survey(None)
    sign_in(client, tenant_a.users[role], tenant_a.company)
    own = request(client, method, route.format(slug=tenant_a.slug)).status_code
    foreign = request(client, method, route.format(slug=tenant_b.slug)).status_code
    if role in ALLOWED[(method, route)]:
        assert (own, foreign) == (SUCCESS[method], 404)
    else:
        assert (own, foreign) == (403, 403)  # the policy refuses before the tenant is looked up


def test_other_tenants_hr_and_other_hubs_get_404(
    client, session, tenant_a, tenant_b, staff, use_survey
):
    use_survey(None)
    sign_in(client, tenant_b.users[Role.HR_ADMIN])
    assert client.get(INDEX.format(slug=tenant_a.slug)).status_code == 404
    assert client.post(SETTINGS.format(slug=tenant_a.slug), data=VALID_SETTINGS).status_code == 404
    assert client.post(RESET.format(slug=tenant_a.slug)).status_code == 404
    sign_in(client, tenant_b.users[Role.HUB_OPERATOR])  # tenant B's hub does not serve A
    assert client.get(INDEX.format(slug=tenant_a.slug)).status_code == 404
    assert session.scalars(select(LossSettings)).all() == []


def test_anonymous_is_sent_to_login(client, tenant_a):
    response = client.get(INDEX.format(slug=tenant_a.slug))
    assert response.status_code == 302 and "/login" in response.headers["Location"]


# ------------------------------------------------------------------ the page


def page(client, tenant: Tenant, query: str = "") -> str:  # type: ignore[no-untyped-def]
    response = client.get(INDEX.format(slug=tenant.slug) + query)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    return response.get_data(as_text=True)


def test_page_without_survey(client, session, tenant_a, login_as, staff, use_survey):
    use_survey(None)
    login_as(Role.EXECUTIVE)
    html = page(client, tenant_a)
    expected = services.company_estimate(session, tenant_a.company, today=date.today())
    total = expected.result.to_dict()["total_yen"]
    assert "全国平均に基づく推計（アンケート未実施）" in html
    assert "仕事と介護の両立困難による労働生産性損失額" in html
    assert "介護離職による代替人員採用に係るコスト" in html
    assert yen_ja(total) in html and yen_full(total) in html
    assert "大企業モデル（従業員3,000人）" in html and "¥208,000" in html and "¥77,300" in html
    carers = expected.result.caregivers_estimated
    # expected values rounded for reading: whole people from 10, one decimal below
    assert (f"{carers:,.0f}" if carers >= 10 else f"{carers:,.1f}") in html
    assert "人数は期待値です" in html
    assert "アンケートの実施後に表示されます" in html  # outlook and breakdowns explained
    assert "経済産業省の試算（2030年推計）の既定値" in html and "一律（全体の低下度）" in html
    assert "meti-2030" not in html and "第1版" not in html  # no internal codes in the UI
    assert SOURCES["replacement_cost_yen"] in html
    assert "<svg" in html
    assert "style=" not in html and "<script>" not in html  # CSP: no inline style or script
    assert "パラメータを設定する" not in html  # settings are HR's


def test_page_with_survey_shows_range_outlook_and_suppressed_groups(
    client, session, tenant_a, login_as, staff, use_survey
):
    frame = survey_frame(
        respondents("営業部", 8, caregivers=2)
        + respondents("開発部", 7, caregivers=1)
        + respondents("総務部", 6, caregivers=1)
        + respondents("監査室", 2, caregivers=1)
        + [("監査室", "45-49", False, NA, NA, NA)]
    )
    frame.loc[0, "balancing_status"] = "considering_leaving"
    frame.loc[3, "future_caregiver"] = True
    use_survey(frame)
    login_as(Role.HR_ADMIN)
    html = page(client, tenant_a)
    assert "アンケート回答に基づく推計" in html
    assert "「離職を考えている」と回答したビジネスケアラーが全員離職した場合" in html
    assert "1年後" in html and "5年後" in html
    assert "非表示（回答者が少ないため）" in html
    rows = re.findall(
        r"<tr><th scope=\"row\">([^<]+)</th>\s*<td colspan=\"5\" class=\"suppressed\">", html
    )
    assert "監査室" in rows and "総務部" in rows  # small group and its complement
    assert "パラメータを設定する" in html


def test_no_roster_no_survey(client, tenant_a, login_as, use_survey):
    use_survey(None)
    login_as(Role.HR_ADMIN)
    assert "在籍中の従業員がいないため" in page(client, tenant_a)


def test_demo_like_roster_of_300_renders(client, tenant_a, login_as, make_employee, use_survey):
    use_survey(None)
    departments = ("営業部", "開発部", "製造部", "総務部", "人事部", "監査室")
    for i in range(300):
        make_employee(
            tenant_a.company,
            birth_date=date(1962 + i % 42, 1 + i % 12, 1 + i % 28),
            is_manager=i % 8 == 0,
            department=departments[0 if i % 100 == 99 else 1 + i % 5] if i % 50 else "監査室",
        )
    login_as(Role.HR_ADMIN)
    html = page(client, tenant_a)
    assert "対象従業員" in html and "300" in html
    html = page(client, tenant_a, "?drop_reduction=30&separation_reduction=50&method=age_band")
    assert "指定した条件での試算" in html and "年齢別の低下度" in html


def test_page_in_english(client, tenant_a, login_as, staff, use_survey):
    use_survey(None)
    login_as(Role.HR_ADMIN)
    client.post("/language", data={"locale": "en", "next": "/"})
    html = page(client, tenant_a)
    assert "Estimate based on national averages (no survey yet)" in html
    assert "Productivity loss" in html
    assert "仕事と介護の両立困難による労働生産性損失額" not in html


# ------------------------------------------------------------ scenario query


def test_scenario_query_moves_the_numbers(client, session, tenant_a, login_as, staff, use_survey):
    use_survey(None)
    login_as(Role.EXECUTIVE)
    html = page(client, tenant_a, "?drop_reduction=30&separation_reduction=50")
    base = services.company_estimate(session, tenant_a.company, today=date.today()).result
    productivity = base.productivity_loss_yen
    difference = whole_yen(0.7 * productivity) - whole_yen(productivity)
    assert "指定した条件での試算" in html
    assert difference < 0 and yen_full(difference) in html
    assert "30%" in html and "50%" in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("?drop_reduction=150", "0から100の間の値で入力してください。"),
        ("?separation_reduction=-5", "0から100の間の値で入力してください。"),
        ("?drop_reduction=abc", "数値で入力してください（例: 905万、9,050,000、27.5）。"),
        ("?method=guess", "推計方法を選択してください。"),
        ("?separation=guess", "介護離職者数の推計方法を選択してください。"),
    ],
)
def test_scenario_query_validation(client, tenant_a, login_as, staff, use_survey, query, message):
    use_survey(None)
    login_as(Role.HR_ADMIN)
    html = page(client, tenant_a, query)
    assert message in html
    assert "指定した条件での試算" not in html
    assert "全国平均に基づく推計（アンケート未実施）" in html  # the baseline still shows


def test_full_width_percent_is_accepted(client, tenant_a, login_as, staff, use_survey):
    use_survey(None)
    login_as(Role.HR_ADMIN)
    assert "指定した条件での試算" in page(client, tenant_a, "?drop_reduction=%EF%BC%93%EF%BC%90")


# ---------------------------------------------------------------- settings


def error_block(html: str, field: str) -> str:
    """The HTML of ``field``'s form block, which must be marked as having an error."""
    block = re.search(
        rf'<div class="field has-error">(?:(?!<div class="field).)*?name="{field}"(?:(?!<div class="field).)*',
        html,
        re.S,
    )
    assert block is not None, f"no error block for {field}"
    return block.group(0)


def settings_row(session):  # type: ignore[no-untyped-def]
    return session.scalars(select(LossSettings)).first()


def test_settings_page_shows_defaults_and_sources(client, tenant_a, login_as):
    login_as(Role.HR_ADMIN)
    html = client.get(SETTINGS.format(slug=tenant_a.slug)).get_data(as_text=True)
    assert 'value="9050000"' in html
    assert "既定値: ¥9,050,000" in html
    for name in ("value_added_per_worker_yen", "caregiver_separation_rate", "age_band_drop_rates"):
        assert SOURCES[name] in html
    assert "29歳以下" in html and "60歳以上" in html
    assert "style=" not in html


def test_settings_save(client, session, tenant_a, login_as):
    user = login_as(Role.HR_ADMIN)
    data = dict(
        VALID_SETTINGS,
        band_1="25",
        productivity_drop_rate="２５％",
        tenure_years="３５",
        method="age_band",
    )
    response = client.post(SETTINGS.format(slug=tenant_a.slug), data=data)
    assert response.status_code == 302
    row = settings_row(session)
    assert row.overrides["value_added_per_worker_yen"] == 8_000_000
    assert row.overrides["age_band_drop_rates"]["30-34"] == 0.25  # typed in percent
    assert row.overrides["productivity_drop_rate"] == 0.25
    assert "tenure_years" not in row.overrides  # 35 is the default
    assert (row.method, row.updated_by_id) == ("age_band", user.id)
    assert (
        session.scalars(select(AuditEvent).where(AuditEvent.action == "loss.settings.update"))
        .one()
        .actor_id
        == user.id
    )
    html = client.get(SETTINGS.format(slug=tenant_a.slug)).get_data(as_text=True)
    assert 'value="8000000"' in html and 'value="25"' in html and 'value="27.5"' not in html


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("value_added_per_worker_yen", "-1", "0円以上で入力してください。"),
        (
            "value_added_per_worker_yen",
            "たくさん",
            "数値で入力してください（例: 905万、9,050,000、27.5）。",
        ),
        (
            "value_added_per_worker_yen",
            "万円",
            "数値で入力してください（例: 905万、9,050,000、27.5）。",
        ),
        ("replacement_cost_yen", "1e13", "金額が大きすぎます。桁を確認してください。"),
        (
            "productivity_drop_rate",
            "150",
            "0から100の間の値（パーセント）で入力してください（例: 27.5）。",
        ),
        ("band_3", "-1", "0から100の間の値（パーセント）で入力してください（例: 27.5）。"),
        ("tenure_years", "61", "60年以下で入力してください。"),
        (
            "caregiver_separation_rate",
            "nan",
            "数値で入力してください（例: 905万、9,050,000、27.5）。",
        ),
        ("method", "guess", "推計方法を選択してください。"),
        ("separation", "", "介護離職者数の推計方法を選択してください。"),
    ],
)
def test_settings_validation(client, session, tenant_a, login_as, field, value, message):
    login_as(Role.HR_ADMIN)
    data = dict(VALID_SETTINGS, **{field: value})
    response = client.post(SETTINGS.format(slug=tenant_a.slug), data=data)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    # The message sits in the field's own block, next to the input it is about.
    assert message in error_block(html, field)
    assert settings_row(session) is None


def test_settings_need_csrf(client, session, tenant_a, login_as, app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    login_as(Role.HR_ADMIN)
    assert client.post(SETTINGS.format(slug=tenant_a.slug), data=VALID_SETTINGS).status_code == 400
    assert client.post(RESET.format(slug=tenant_a.slug)).status_code == 400
    assert settings_row(session) is None


def test_reset_to_meti_defaults(client, session, tenant_a, login_as):
    login_as(Role.HR_ADMIN)
    client.post(SETTINGS.format(slug=tenant_a.slug), data=dict(VALID_SETTINGS, method="position"))
    response = client.post(RESET.format(slug=tenant_a.slug))
    assert response.status_code == 302
    row = settings_row(session)
    assert (row.overrides, row.method, row.separation) == ({}, "flat", "national_rate")
    assert session.scalars(
        select(AuditEvent).where(AuditEvent.action == "loss.settings.reset")
    ).one()


def test_saved_parameters_show_on_the_page(client, tenant_a, login_as, staff, use_survey):
    use_survey(None)
    login_as(Role.HR_ADMIN)
    client.post(SETTINGS.format(slug=tenant_a.slug), data=VALID_SETTINGS)
    html = page(client, tenant_a)
    assert "¥8,000,000" in html and "自社の値" in html


def test_nav_has_the_loss_page(client, tenant_a, login_as):
    login_as(Role.EXECUTIVE)
    html = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    assert f'href="/c/{tenant_a.slug}/loss/"' in html and "経済損失" in html


def test_demo_company_with_real_survey_answers(client, session, tenant_a, login_as, make_employee):
    """End to end with the survey feature's own storage and loss input (no stand-in)."""
    import random

    from hrcare.surveys.demo import seed_demo_surveys
    from hrcare.surveys.results.loss_input import latest_survey_for_loss, loss_frame

    departments = ("営業部", "開発部", "製造部", "総務部")
    for i in range(300):
        make_employee(
            tenant_a.company,
            birth_date=date(1962 + i % 42, 1 + i % 12, 1 + i % 28),
            is_manager=i % 8 == 0,
            department="監査室" if i % 100 == 0 else departments[i % 4],
        )
    seed_demo_surveys(session, tenant_a.company, today=date.today(), rng=random.Random(3))
    login_as(Role.HR_ADMIN)
    html = page(client, tenant_a)
    survey = latest_survey_for_loss(session, tenant_a.company.id)
    expected = estimate(loss_frame(session, tenant_a.company.id, survey.id)).to_dict()
    assert "アンケート回答に基づく推計" in html and survey.title in html
    assert yen_full(expected["total_yen"]) in html
    assert "1年後" in html  # the outlook
    rows = re.findall(r'<th scope="row">([^<]+)</th>\s*<td colspan="5" class="suppressed">', html)
    assert "監査室" in rows  # three people: never shown


@pytest.mark.parametrize(
    ("parameter", "field"),
    [("age_band_drop_rates[30-34]", "band_1"), ("tenure_years", "tenure_years"), (None, None)],
)
def test_service_refusal_is_shown_next_to_the_field(
    client, session, tenant_a, login_as, monkeypatch, parameter, field
):
    from hrcare.loss.params import ParameterError

    def refuse(*args: object, **kwargs: object) -> None:
        raise ParameterError("out of range", parameter=parameter)

    monkeypatch.setattr(services, "save_settings", refuse)
    login_as(Role.HR_ADMIN)
    response = client.post(SETTINGS.format(slug=tenant_a.slug), data=VALID_SETTINGS)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    message = "値が範囲外です。入力を確認してください。"
    if field is None:
        assert html.index(message) < html.index('name="value_added_per_worker_yen"')
    else:
        assert message in error_block(html, field)
    assert settings_row(session) is None


def test_page_hides_what_few_caregivers_answered(client, tenant_a, login_as, staff, use_survey):
    use_survey(survey_frame(respondents("営業部", 10, caregivers=4)))
    login_as(Role.EXECUTIVE)
    html = page(client, tenant_a, "?separation=survey_intent&method=self_reported")
    assert "回答したビジネスケアラーが5人未満のため" in html
    assert "離職の意向は使わず" in html and "本人回答のパフォーマンスは使わず" in html
    assert "介護離職者数: 全国の介護離職率" in html


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("9000万", 90_000_000),
        ("９５０万円", 9_500_000),
        ("1億2,000万", 120_000_000),
        ("8,000,000", 8_000_000),
    ],
)
def test_yen_as_people_write_it(client, session, tenant_a, login_as, typed, saved):
    login_as(Role.HR_ADMIN)
    data = dict(VALID_SETTINGS, value_added_per_worker_yen=typed)
    assert client.post(SETTINGS.format(slug=tenant_a.slug), data=data).status_code == 302
    assert settings_row(session).overrides["value_added_per_worker_yen"] == saved

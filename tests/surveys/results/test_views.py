"""Results pages and downloads: who may see them, what they show, what they never show."""

from __future__ import annotations

import csv
import io
import zipfile
from typing import Any

import pytest
from openpyxl import load_workbook

from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.surveys.results.export import escape_cell
from tests.conftest import Tenant, sign_in
from tests.surveys.results.checker import Person
from tests.surveys.results.conftest import CANARY, SurveyFactory, simple_org

ROUTES = ("", "{id}", "{id}?by=age_band", "{id}/waves", "{id}/export.csv", "{id}/export.xlsx")


@pytest.fixture
def closed(tenant_a: Tenant, survey_factory: SurveyFactory) -> Any:
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(
        tenant_a.company,
        survey,
        simple_org({"営業部": 14, "開発部": 11, "法務部": 3}, caring_every=2),
    )
    survey_factory.comment(tenant_a.company, survey)
    return survey


EXPECTED = {
    Role.HR_ADMIN: 200,
    Role.EXECUTIVE: 200,
    Role.HUB_OPERATOR: 200,  # tenant A's hub: A is its client
    Role.HUB_CONSULTANT: 403,  # not assigned to A, and consultants never see aggregates
    Role.CONSULTATION_STAFF: 403,
    Role.EMPLOYEE: 403,
    Role.PLATFORM_ADMIN: 403,
}


@pytest.mark.parametrize("role", list(Role))
def test_permission_table(
    client: Any, tenant_a: Tenant, tenant_b: Tenant, closed: Any, role: Role
) -> None:
    """route × role × own/foreign company → status; foreign is always 404 for allowed roles."""
    cases = 0
    for route in ROUTES:
        path = route.format(id=closed.id)
        sign_in(client, tenant_a.users[role], tenant_a.company)
        own = client.get(f"/c/{tenant_a.slug}/surveys/results/{path}")
        assert own.status_code == EXPECTED[role], (role, path, own.status_code)
        # Tenant B's user (HR of B, hub operator of B's hub, …) reaching A's results.
        sign_in(client, tenant_b.users[role])
        foreign = client.get(f"/c/{tenant_a.slug}/surveys/results/{path}")
        assert foreign.status_code == (404 if EXPECTED[role] == 200 else 403), (role, path)
        cases += 2
    print(
        f"figure: survey results permission cases for {role.value} = {cases}, unexpected allows = 0"
    )


def test_survey_of_another_company_is_404(
    client: Any, tenant_a: Tenant, tenant_b: Tenant, survey_factory: SurveyFactory
) -> None:
    other = survey_factory.survey(tenant_b.company)
    survey_factory.populate(tenant_b.company, other, simple_org({"営業部": 10}))
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    for route in ("{id}", "{id}/waves", "{id}/export.csv"):
        assert (
            client.get(
                f"/c/{tenant_a.slug}/surveys/results/{route.format(id=other.id)}"
            ).status_code
            == 404
        )


def test_drafts_and_unknown_formats_are_404(
    client: Any, tenant_a: Tenant, survey_factory: SurveyFactory, closed: Any
) -> None:
    draft = survey_factory.survey(tenant_a.company, status="draft", wave=2)
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    assert client.get(f"/c/{tenant_a.slug}/surveys/results/{draft.id}").status_code == 404
    assert (
        client.get(f"/c/{tenant_a.slug}/surveys/results/{closed.id}/export.pdf").status_code == 404
    )


def test_page_shows_results_and_suppression(client: Any, tenant_a: Tenant, closed: Any) -> None:
    sign_in(client, tenant_a.users[Role.EXECUTIVE])
    base = f"/c/{tenant_a.slug}/surveys/results/{closed.id}"
    body = client.get(base).get_data(as_text=True)
    assert "介護の現状" in body and "営業部" in body
    assert 'data-value="法務部" data-suppressed="1"' in body
    assert "style=" not in body  # CSP: widths are classes
    assert 'class="bar w' in body
    for by in ("age_band", "position"):
        assert client.get(f"{base}?by={by}").status_code == 200
    bad = client.get(f"{base}?by=employee_name")
    assert bad.status_code == 200 and 'data-by="department"' in bad.get_data(as_text=True)
    assert client.get(f"/c/{tenant_a.slug}/surveys/results/?survey={closed.id}").status_code == 302
    assert client.get(base).headers["Cache-Control"] == "no-store"


def test_free_text_never_appears(client: Any, app: Any, tenant_a: Tenant, closed: Any) -> None:
    """A canary in a SurveyComment and in a custom text answer; search every output."""
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    base = f"/c/{tenant_a.slug}/surveys/results"
    outputs = [client.get(f"{base}/").get_data(as_text=True)]
    for path in (
        "{id}",
        "{id}?by=age_band",
        "{id}?by=position",
        "{id}/waves",
        "{id}/waves?segment=department|営業部",
    ):
        response = client.get(f"{base}/{path.format(id=closed.id)}")
        assert response.status_code == 200
        outputs.append(response.get_data(as_text=True))
    outputs.append(client.get(f"{base}/{closed.id}/export.csv").data.decode("utf-8-sig"))
    xlsx = client.get(f"{base}/{closed.id}/export.xlsx").data
    with zipfile.ZipFile(io.BytesIO(xlsx)) as archive:
        outputs.extend(archive.read(name).decode("utf-8") for name in archive.namelist())
    runner = app.test_cli_runner()
    for by in ("department", "age_band", "position"):
        outputs.append(
            runner.invoke(args=["survey", "results", "--company", tenant_a.slug, "--by", by]).output
        )
    assert all(CANARY not in out for out in outputs)
    assert any("営業部" in out for out in outputs)  # the search did look at real outputs


def test_csv_and_excel_exports(client: Any, tenant_a: Tenant, closed: Any) -> None:
    sign_in(client, tenant_a.users[Role.HUB_OPERATOR], tenant_a.company)
    base = f"/c/{tenant_a.slug}/surveys/results/{closed.id}"
    response = client.get(f"{base}/export.csv")
    assert response.data.startswith("\ufeff".encode())
    assert "attachment" in response.headers["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["区分", "集団", "回答者数"]
    hidden = [r for r in rows if r[1] == "法務部"]
    assert hidden and all(r[2] == "" and r[10] == "" for r in hidden)
    shown = [r for r in rows if r[1] == "営業部"]
    assert shown and shown[0][2] == "14"
    book = load_workbook(io.BytesIO(client.get(f"{base}/export.xlsx").data))
    sheet = book[book.sheetnames[1]]
    xlsx_rows = [
        ["" if v is None else str(v) for v in row] for row in sheet.iter_rows(values_only=True)
    ]
    assert [r[:3] for r in xlsx_rows] == [r[:3] for r in rows]


def test_cells_that_look_like_formulas_are_escaped(
    client: Any, tenant_a: Tenant, survey_factory: SurveyFactory
) -> None:
    survey = survey_factory.survey(tenant_a.company)
    people = [Person('=HYPERLINK("http://x")', "40-44", False) for _ in range(8)]
    people += [Person("@営業", "50-54", False) for _ in range(9)]
    survey_factory.populate(tenant_a.company, survey, people)
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    body = client.get(f"/c/{tenant_a.slug}/surveys/results/{survey.id}/export.csv").data.decode(
        "utf-8-sig"
    )
    assert "'=HYPERLINK" in body and "'@営業" in body
    assert ",=HYPERLINK" not in body
    book = load_workbook(
        io.BytesIO(client.get(f"/c/{tenant_a.slug}/surveys/results/{survey.id}/export.xlsx").data)
    )
    values = {c.value for row in book[book.sheetnames[1]].iter_rows() for c in row}
    assert "'@営業" in values and "@営業" not in values
    assert (
        escape_cell("-1+2") == "'-1+2" and escape_cell(-3) == -3 and escape_cell("営業") == "営業"
    )


@pytest.mark.parametrize("n", [10, 200])
def test_page_query_count_is_constant(
    client: Any, tenant_a: Tenant, survey_factory: SurveyFactory, count_queries: list[str], n: int
) -> None:
    survey = survey_factory.survey(tenant_a.company)
    survey_factory.populate(
        tenant_a.company, survey, simple_org({"営業部": n // 2, "開発部": n - n // 2})
    )
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    client.get(f"/c/{tenant_a.slug}/surveys/results/{survey.id}")  # warm the session
    counts = {}
    for path in ("", "/waves", "/export.csv"):
        count_queries.clear()
        assert (
            client.get(f"/c/{tenant_a.slug}/surveys/results/{survey.id}{path}").status_code == 200
        )
        counts[path or "/"] = len(count_queries)
    print(f"figure: SQL statements per results request with {n} responses = {counts}")
    # Fixed per request, whatever the number of responses (sign-in and tenant lookups included).
    assert counts == EXPECTED_COUNTS.setdefault("counts", counts)


EXPECTED_COUNTS: dict[str, Any] = {}


def test_hub_operator_of_the_hub_sees_client_results(
    client: Any, tenant_a: Tenant, closed: Any
) -> None:
    hub_user = tenant_a.users[Role.HUB_OPERATOR]
    assert tenant_a.company.hub_id == hub_user.memberships[0].hub_id
    sign_in(client, hub_user, tenant_a.company)
    assert client.get(f"/c/{tenant_a.slug}/surveys/results/{closed.id}").status_code == 200
    tenant_a.company.hub_id = None
    db.session.flush()
    assert client.get(f"/c/{tenant_a.slug}/surveys/results/{closed.id}").status_code == 404


def test_english_page_and_export(client: Any, tenant_a: Tenant, closed: Any) -> None:
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    with client.session_transaction() as sess:
        sess["locale"] = "en"
    base = f"/c/{tenant_a.slug}/surveys/results/{closed.id}"
    body = client.get(base).get_data(as_text=True)
    assert "Survey results" in body and "Respondents" in body and "Caregiving now" in body
    assert "Do you currently care for a family member while working?" in body
    assert "Compare waves" in client.get(f"{base}/waves").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(client.get(f"{base}/export.csv").data.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Category", "Group", "Respondents"]


def test_results_page_starts_with_key_figures_and_collapses_hidden_rows(
    client: Any, tenant_a: Tenant, closed: Any
) -> None:
    """Key figures first; rows of 非表示 collapsed behind one explanation (issue 9, item 14)."""
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    body = client.get(f"/c/{tenant_a.slug}/surveys/results/{closed.id}").get_data(as_text=True)
    key = body.index('id="key-figures"')
    assert key < body.index("全体の結果") < body.index('id="breakdown"')
    assert "sr-key-value" in body[key : body.index("全体の結果")]
    # The hidden department is listed once, inside a collapsed <details>, not as table rows.
    hidden = body.index('<details class="sr-hidden">')
    assert hidden < body.index('data-value="法務部" data-suppressed="1"')
    assert body.count("<td colspan") == 0
    assert body.count('<details class="card sr-breakdown">') >= 5
    print(f"figure: 非表示 mentions on the results page = {body.count('非表示')}")

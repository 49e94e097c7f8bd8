"""Report pages: permissions, foreign tenants, one report per inputs, downloads, batches."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hrcare.core import pdf as pdf_module
from hrcare.core.jobs import JobRun
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.reports.models import Report, ReportBatch
from tests.conftest import Tenant, sign_in

ALLOWED = {Role.HR_ADMIN, Role.EXECUTIVE, Role.HUB_OPERATOR}


@pytest.fixture
def staffed(tenant_a: Tenant, make_employee) -> Tenant:  # type: ignore[no-untyped-def]
    for _ in range(12):
        make_employee(tenant_a.company)
    return tenant_a


def _generate(client, tenant: Tenant, language: str = "ja"):  # type: ignore[no-untyped-def]
    return client.post(f"/c/{tenant.slug}/reports/", data={"language": language})


@pytest.mark.parametrize("role", list(Role))
def test_permission_matrix(client, staffed: Tenant, role: Role) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, staffed.users[role], staffed.company)
    expected = 200 if role in ALLOWED else 403 if role != Role.PLATFORM_ADMIN else 403
    assert client.get(f"/c/{staffed.slug}/reports/").status_code == expected
    posted = _generate(client, staffed)
    assert posted.status_code == (302 if role in ALLOWED else 403)


def test_generate_builds_once_and_downloads(client, staffed: Tenant) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, staffed.users[Role.EXECUTIVE], staffed.company)
    first = _generate(client, staffed)
    second = _generate(client, staffed)  # a double click
    assert first.headers["Location"] == second.headers["Location"]
    reports = db.session.scalars(
        select(Report).where(Report.company_id == staffed.company.id)
    ).all()
    assert len(reports) == 1
    runs = db.session.scalar(
        select(func.count()).select_from(JobRun).where(JobRun.kind == "report.executive")
    )
    assert runs == 1
    report = reports[0]
    page = client.get(first.headers["Location"])
    assert page.status_code == 200 and "report.pdf" in page.get_data(as_text=True)
    assert 'http-equiv="refresh"' not in page.get_data(as_text=True)  # finished: no refresh
    download = client.get(f"/c/{staffed.slug}/reports/{report.id}/report.pdf")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data.startswith(b"%PDF") and download.headers["Cache-Control"] == "no-store"
    workbook = client.get(f"/c/{staffed.slug}/reports/{report.id}/report.xlsx")
    assert workbook.status_code == 200 and workbook.data[:2] == b"PK"
    assert client.get(f"/c/{staffed.slug}/reports/{report.id}/report.exe").status_code == 404
    history = client.get(f"/c/{staffed.slug}/reports/").get_data(as_text=True)
    assert "meti-2030" in history and "日本語" in history
    # Another language is another report.
    assert _generate(client, staffed, "en").headers["Location"] != first.headers["Location"]


def test_language_not_offered_is_a_clear_message(client, staffed: Tenant) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, staffed.users[Role.HR_ADMIN], staffed.company)
    response = _generate(client, staffed, "fr")
    assert response.status_code == 400
    assert "日本語（ja）または英語（en）" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Report)) == 0


def test_other_company_reports_answer_404(
    client, staffed: Tenant, tenant_b: Tenant, make_employee
) -> None:  # type: ignore[no-untyped-def]
    make_employee(tenant_b.company)
    sign_in(client, tenant_b.users[Role.HR_ADMIN], tenant_b.company)
    _generate(client, tenant_b)
    foreign = db.session.scalars(
        select(Report).where(Report.company_id == tenant_b.company.id)
    ).one()
    sign_in(client, staffed.users[Role.HR_ADMIN], staffed.company)
    for path in (
        f"/c/{staffed.slug}/reports/{foreign.id}",
        f"/c/{staffed.slug}/reports/{foreign.id}/report.pdf",
        f"/c/{tenant_b.slug}/reports/",
        f"/c/{tenant_b.slug}/reports/{foreign.id}/report.pdf",
    ):
        assert client.get(path).status_code == 404, path
    assert client.post(f"/c/{tenant_b.slug}/reports/", data={"language": "ja"}).status_code == 404
    # Tenant A's hub operator, working in its client A, does not reach tenant B either.
    sign_in(client, staffed.users[Role.HUB_OPERATOR], staffed.company)
    assert client.get(f"/c/{tenant_b.slug}/reports/{foreign.id}/report.pdf").status_code == 404


def test_missing_font_fails_the_job_loudly(client, staffed: Tenant, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(pdf_module, "PACKAGE_DIR", tmp_path)
    sign_in(client, staffed.users[Role.HR_ADMIN], staffed.company)
    location = _generate(client, staffed).headers["Location"]
    report = db.session.scalars(select(Report)).one()
    run = db.session.get(JobRun, report.job_run_id)
    assert run.status == "failed" and run.error == "AssetMissing"
    assert "作成できませんでした" in client.get(location).get_data(as_text=True)
    monkeypatch.undo()
    # Asking again rebuilds the failed report (same row, new run).
    assert _generate(client, staffed).headers["Location"] == location
    report = db.session.scalars(select(Report)).one()
    assert db.session.get(JobRun, report.job_run_id).status == "finished"


def test_hub_batch_for_all_client_companies(client, staffed: Tenant, tenant_b: Tenant) -> None:  # type: ignore[no-untyped-def]
    sign_in(client, staffed.users[Role.HUB_OPERATOR])
    home = client.get("/hub/").get_data(as_text=True)
    assert "/hub/reports/batches" in home
    response = client.post("/hub/reports/batches", data={"language": "ja"})
    assert response.status_code == 302
    batch = db.session.scalars(select(ReportBatch)).one()
    assert len(batch.report_ids) == 1
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "100%" in page and staffed.company.name in page
    pdf = f"/hub/reports/batches/{batch.id}/{batch.report_ids[0]}.pdf"
    assert f'href="{pdf}"' in page
    download = client.get(pdf)
    assert download.status_code == 200 and download.data.startswith(b"%PDF")
    # A report that is not in the batch, and another hub's batch: 404.
    assert (
        client.get(f"/hub/reports/batches/{batch.id}/{batch.report_ids[0] + 999}.pdf").status_code
        == 404
    )
    sign_in(client, tenant_b.users[Role.HUB_OPERATOR])
    assert client.get(response.headers["Location"]).status_code == 404
    assert client.get(pdf).status_code == 404
    sign_in(client, staffed.users[Role.HR_ADMIN], staffed.company)
    assert client.post("/hub/reports/batches", data={"language": "ja"}).status_code == 403


def test_history_names_the_survey_in_the_readers_language(client, staffed: Tenant) -> None:  # type: ignore[no-untyped-def]
    """A Japanese report's survey read in English is named by its English title (issue 9,
    item 15), and an English report's in Japanese by the Japanese one."""
    from hrcare.surveys import services as surveys

    survey = surveys.create_survey(
        db.session,
        company_id=staffed.company.id,
        actor_id=None,
        title="介護の実態調査",
        title_en="Caregiving survey",
        opens_on=None,
        closes_on=None,
    )
    for language, title in (("ja", "介護の実態調査"), ("en", "Caregiving survey")):
        db.session.add(
            Report(
                company_id=staffed.company.id,
                language=language,
                inputs_key=f"titles-{language}",
                survey_id=survey.id,
                survey_title=title,
                parameter_set={"name": "meti-2030", "version": 1},
                file_name=f"titles-{language}.pdf",
            )
        )
    db.session.flush()
    sign_in(client, staffed.users[Role.EXECUTIVE], staffed.company)
    japanese = client.get(f"/c/{staffed.slug}/reports/").get_data(as_text=True)
    assert japanese.count("介護の実態調査") == 2 and "Caregiving survey" not in japanese
    client.post("/language", data={"locale": "en", "next": "/"})
    english = client.get(f"/c/{staffed.slug}/reports/").get_data(as_text=True)
    assert english.count("Caregiving survey") == 2 and "介護の実態調査" not in english
    report = db.session.scalars(select(Report).where(Report.inputs_key == "titles-ja")).one()
    shown = client.get(f"/c/{staffed.slug}/reports/{report.id}").get_data(as_text=True)
    assert "Caregiving survey" in shown and "介護の実態調査" not in shown

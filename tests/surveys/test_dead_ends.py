"""No dead ends and no promises of pages that do not exist (issue 9, item 12)."""

from __future__ import annotations

from datetime import date

from hrcare.core.clock import today_jst
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.roster.services import fiscal_year
from tests.conftest import sign_in
from tests.surveys.conftest import NON_CAREGIVER_PAGES, answer_all, invitations


def test_employee_home_leads_to_the_open_survey_and_the_consultation_page(
    client, tenant_a, opened, roster, issue
) -> None:
    employee = roster[0]
    user = tenant_a.users[Role.EMPLOYEE]
    user.employee_id = employee.id
    invitation = next(i for i in invitations(opened) if i.employee_id == employee.id)
    paper_link = issue(invitation)  # a link handed out earlier keeps working
    sign_in(client, user)
    home = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    assert "アンケートに回答する" in home
    assert f'href="/s/consult/{tenant_a.slug}"' in home
    opened_link = client.post(f"/c/{tenant_a.slug}/survey")
    assert opened_link.status_code == 302 and "/s/" in opened_link.location
    token = opened_link.location.rsplit("/s/", 1)[1]
    assert client.get(f"/s/{token}", follow_redirects=True).status_code == 200
    answer_all(client, token, NON_CAREGIVER_PAGES)
    after = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    assert "回答済みです" in after and "アンケートに回答する" not in after
    assert client.get(f"/s/{paper_link}", follow_redirects=True).status_code == 200  # "answered"
    # Nothing more to open once answered.
    assert client.post(f"/c/{tenant_a.slug}/survey").location.endswith(f"/c/{tenant_a.slug}/")


def test_desk_e_mail_is_a_link_and_the_text_stays_escaped(client, tenant_a) -> None:
    tenant_a.company.consultation_contact = "人事部 両立支援窓口 care-desk@a.example.jp <b>内線</b>"
    db.session.commit()
    for url, user in (
        (f"/s/consult/{tenant_a.slug}", None),
        (f"/c/{tenant_a.slug}/", tenant_a.users[Role.EMPLOYEE]),
    ):
        if user is not None:
            sign_in(client, user)
        html = client.get(url).get_data(as_text=True)
        assert '<a href="mailto:care-desk@a.example.jp">care-desk@a.example.jp</a>' in html
        assert "&lt;b&gt;内線&lt;/b&gt;" in html


def test_staff_home_promises_no_records_that_do_not_exist(client, tenant_a) -> None:
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    html = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    assert "意向確認の記録" not in html
    assert f'href="/s/consult/{tenant_a.slug}"' in html


def test_age_40_count_links_to_exactly_those_employees(client, tenant_a, make_employee) -> None:
    year = fiscal_year(today_jst())
    reaching = make_employee(tenant_a.company, name="四十到達", birth_date=date(year - 40, 6, 1))
    make_employee(tenant_a.company, name="三十九歳", birth_date=date(year - 39, 6, 1))
    make_employee(tenant_a.company, name="五十歳", birth_date=date(year - 50, 6, 1))
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    home = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    # The count is the ledger's (the company's window rule) and links to the ledger's list.
    assert "期間中 1 名" in home
    assert f'href="/c/{tenant_a.slug}/duties/"' in home
    listed = client.get(f"/c/{tenant_a.slug}/duties/").get_data(as_text=True)
    assert reaching.name in listed and "五十歳" not in listed


def test_survey_mails_promise_no_reader_of_free_comments(opened, roster) -> None:
    from hrcare.surveys import mailing

    for body in (mailing.invitation_body, mailing.reminder_body):
        text = body(roster[0], opened, "株式会社A", "t" * 43, 5)
        assert "相談窓口の担当者だけが" not in text and "誰が書いたか分からない形" in text

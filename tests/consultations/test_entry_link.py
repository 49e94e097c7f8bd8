"""The company's entry link: no account, a private link by e-mail that expires."""

from __future__ import annotations

import re
from datetime import timedelta

from sqlalchemy import select

from hrcare.consultations import follow
from hrcare.consultations.models import Consultation
from hrcare.core.db import utcnow
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant

FORM = {
    "topics": ["insurance"],
    "body": "祖母の介護保険の申請の仕方を知りたいです。",
    "urgency": "normal",
    "contact_method": "reply",
    "email": "someone@example.jp",
}


def _link(sent_mail) -> str:  # type: ignore[no-untyped-def]
    guest = [m for m in sent_mail if m.to == FORM["email"]]
    assert len(guest) == 1
    match = re.search(r"https?://[^/]+(/consult/r/\S+)", guest[0].body)
    assert match
    return match.group(1)


def test_request_without_account_and_follow_by_private_link(
    client, tenant_a: Tenant, sent_mail
) -> None:
    entry = f"/consult/{tenant_a.slug}/request"
    assert client.get(entry).status_code == 200
    response = client.post(entry, data=FORM)
    assert response.status_code == 302
    sent_page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "/consult/r/" not in sent_page  # the link goes to the mailbox only
    c = db.session.scalars(select(Consultation)).one()
    assert c.requester_id is None and c.guest_email == FORM["email"]
    link = _link(sent_mail)
    assert FORM["body"] not in " ".join(m.body for m in sent_mail)
    page = client.get(link)
    assert page.status_code == 200 and FORM["body"] in page.get_data(as_text=True)
    client.post(f"{link}/reply", data={"body": "追記です"})
    assert [m.body for m in c.messages][-1] == "追記です"
    client.post(f"{link}/withdraw")
    assert c.status == "withdrawn"
    client.post(f"{link}/reply", data={"body": "もう一度"})
    assert [m.body for m in c.messages][-1] == "追記です"


def test_survey_thank_you_page_links_to_the_entry(tenant_a: Tenant) -> None:
    from pathlib import Path

    import hrcare

    template = Path(hrcare.__file__).parent / "templates/surveys/answer/thanks.html"
    assert "consult_entry.new" in template.read_text()


def test_staff_reply_mails_a_fresh_link(client, tenant_a: Tenant, sent_mail) -> None:
    from tests.conftest import sign_in

    client.post(f"/consult/{tenant_a.slug}/request", data=FORM)
    c = db.session.scalars(select(Consultation)).one()
    sent_mail.clear()
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    client.post(
        f"/c/{tenant_a.slug}/desk/{c.id}/reply",
        data={"body": "地域包括支援センターをご案内します。", "next_status": "waiting"},
    )
    assert "/consult/r/" in _link(sent_mail)


def test_expired_tampered_and_revoked_links(client, tenant_a: Tenant, sent_mail) -> None:
    client.post(f"/consult/{tenant_a.slug}/request", data=FORM)
    c = db.session.scalars(select(Consultation)).one()
    link = _link(sent_mail)
    token = link.rsplit("/", 1)[1]
    later = utcnow() + timedelta(days=follow.FOLLOW_DAYS + 1)
    try:
        follow.read_token(db.session, token, now=later)
    except follow.LinkError as error:
        assert error.problem is follow.LinkProblem.EXPIRED
    else:
        raise AssertionError("an old link must expire")
    assert client.get(link[:-3] + "xyz").status_code == 404
    c.link_nonce = "revoked"
    db.session.flush()
    page = client.get(link)
    assert page.status_code == 404 and FORM["body"] not in page.get_data(as_text=True)
    before = len(c.messages)
    assert client.post(f"{link}/reply", data={"body": "x"}).status_code == 404
    assert len(c.messages) == before


def test_expired_link_page_says_so(client, tenant_a: Tenant, sent_mail, monkeypatch) -> None:
    client.post(f"/consult/{tenant_a.slug}/request", data=FORM)
    link = _link(sent_mail)
    monkeypatch.setattr(follow, "FOLLOW_DAYS", -1)
    page = client.get(link)
    assert page.status_code == 410 and "有効期限が切れています" in page.get_data(as_text=True)


def test_unknown_company_and_bad_email(client, tenant_a: Tenant) -> None:
    assert client.get("/consult/no-such-company/request").status_code == 404
    page = client.post(f"/consult/{tenant_a.slug}/request", data={**FORM, "email": "not-mail"})
    assert page.status_code == 200 and "メールアドレスの形式" in page.get_data(as_text=True)
    assert db.session.scalars(select(Consultation)).first() is None

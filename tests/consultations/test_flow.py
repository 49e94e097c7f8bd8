"""Done-when of issue 13: an employee files a 申出; the staff answers with two directory
services, records the notice and drafts a support plan; every read is audited."""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select

from hrcare.checklists.models import IndividualNotice
from hrcare.checklists.services import individual_notices
from hrcare.consultations.models import Consultation, SupportPlan
from hrcare.core.audit import AuditEvent
from hrcare.core.roles import Role
from hrcare.extensions import db
from tests.conftest import Tenant, sign_in

from .conftest import entry

NEW = "/c/{slug}/consultations/new"
DESK = "/c/{slug}/desk/{id}"


def _form(**overrides: str | list[str]) -> dict[str, object]:
    data: dict[str, object] = {
        "topics": ["leave", "work_style"],
        "body": "父の介護が始まりました。仕事を続けたいので制度を知りたいです。",
        "urgency": "soon",
        "contact_method": "online",
        "contact_times": "昼休み",
        "relationship": "parent",
        "age_band": "75_84",
        "residence": "far",
        "prefecture": "愛知県",
        "municipality": "豊田市",
        "care_level": "care_2",
        "is_moushide": "y",
    }
    data.update(overrides)
    return data


def test_employee_files_and_staff_answers_records_and_plans(
    client, tenant_a: Tenant, sent_mail
) -> None:
    slug = tenant_a.slug
    employee, staff = tenant_a.users[Role.EMPLOYEE], tenant_a.users[Role.CONSULTATION_STAFF]
    sign_in(client, employee)
    page = client.get(f"/c/{slug}/")
    assert f"/c/{slug}/consultations/new" in page.get_data(as_text=True)
    response = client.post(NEW.format(slug=slug), data=_form())
    assert response.status_code == 302
    c = db.session.scalars(select(Consultation)).one()
    assert c.is_moushide and c.status == "new" and c.assignee_id == staff.id  # the only staff
    assert c.topics == ["leave", "work_style"] and c.relative["municipality"] == "豊田市"
    # The staff member is told that something arrived, and nothing else.
    assert [m.to for m in sent_mail] == [staff.email]
    assert "父の介護" not in sent_mail[0].body and "/desk/" in sent_mail[0].body

    one = entry("配食サービスA", ["meals"], prefectures=["愛知県"])
    two = entry("見守りサービスB", ["watch"])
    entry("大阪の家事代行", ["housework"], prefectures=["大阪府"])
    client.post("/logout")
    sign_in(client, staff)
    detail = client.get(DESK.format(slug=slug, id=c.id)).get_data(as_text=True)
    assert "父の介護が始まりました" in detail
    assert "配食サービスA" in detail and "大阪の家事代行" not in detail  # the relative's prefecture
    assert "介護休業給付金" in detail  # the legal information ready to send
    sent_mail.clear()
    response = client.post(
        f"/c/{slug}/desk/{c.id}/reply",
        data={
            "body": "ご連絡ありがとうございます。制度をご案内します。",
            "next_status": "waiting",
            "services": [str(one.id), str(two.id)],
        },
    )
    assert response.status_code == 302
    assert c.status == "waiting" and c.first_response_at is not None
    assert [m.to for m in sent_mail] == [employee.email]
    assert "制度をご案内" not in sent_mail[0].body
    assert sorted(s.service_id for s in c.messages[-1].suggestions) == sorted([one.id, two.id])

    client.post(f"/c/{slug}/desk/{c.id}/note", data={"body": "上司への共有は本人と相談"})
    response = client.post(
        f"/c/{slug}/desk/{c.id}/notice",
        data={
            "moushide_on": "2026-04-01",
            "notified_on": "2026-04-02",
            "method": "online",
            "informed_measures": "y",
            "informed_where_to_apply": "y",
            "informed_benefit": "y",
            "confirmed_intention": "y",
            "apply_to": "人事部 相談窓口",
            "intention": "considering",
        },
    )
    assert response.status_code == 302
    notice = db.session.scalars(select(IndividualNotice)).one()
    assert notice.method == "online" and notice.intention == "considering"
    assert notice.source == "consultation" and notice.consultation_id == c.id
    assert notice.employee_id is None and notice.complete
    assert [n.id for n in individual_notices(db.session, tenant_a.company.id)] == [notice.id]

    response = client.post(
        f"/c/{slug}/desk/{c.id}/plan",
        data={
            "relationship": "parent",
            "care_level": "care_2",
            "dementia": "no",
            "measures": ["leave", "telework"],
            "manager_summary": "週2日テレワーク",
            "next_review_on": "2099-06-01",
            "role": "営業",
        },
    )
    assert response.status_code == 302
    plan = db.session.scalars(select(SupportPlan)).one()
    assert plan.measures == ["leave", "telework"] and plan.next_review_on == date(2099, 6, 1)
    assert plan.share_consent_at is None
    assert client.get(f"/c/{slug}/desk/{c.id}/plan/manager").status_code == 404  # no consent

    # The employee sees the reply and the suggestions, not the internal note, and consents.
    client.post("/logout")
    sign_in(client, employee)
    own = client.get(f"/c/{slug}/consultations/{c.id}").get_data(as_text=True)
    assert "制度をご案内します" in own and "見守りサービスB" in own
    assert "上司への共有は本人と相談" not in own
    client.post(f"/c/{slug}/consultations/{c.id}/consent/yes")
    assert plan.share_consent_at is not None
    client.post("/logout")
    sign_in(client, staff)
    share = client.get(f"/c/{slug}/desk/{c.id}/plan/manager")
    assert share.status_code == 200 and "週2日テレワーク" in share.get_data(as_text=True)

    # Every read is in the audit log, and the staff sees who read it.
    reads = db.session.scalars(
        select(AuditEvent).where(AuditEvent.action == "consultation.read")
    ).all()
    assert {e.actor_id for e in reads} == {staff.id, employee.id}
    detail = client.get(DESK.format(slug=slug, id=c.id)).get_data(as_text=True)
    assert employee.name in detail.split("この相談を読んだ人")[1]


def test_withdrawn_request_takes_no_reply(client, tenant_a: Tenant, file_request) -> None:
    c = file_request()
    slug = tenant_a.slug
    sign_in(client, tenant_a.users[Role.EMPLOYEE])
    client.post(f"/c/{slug}/consultations/{c.id}/withdraw")
    assert c.status == "withdrawn"
    count = len(c.messages)
    page = client.post(
        f"/c/{slug}/consultations/{c.id}/reply", data={"body": "やっぱり"}, follow_redirects=True
    )
    assert "取り下げた相談には返信できません" in page.get_data(as_text=True)
    client.post("/logout")
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    page = client.post(
        f"/c/{slug}/desk/{c.id}/reply",
        data={"body": "ご連絡します", "next_status": "waiting"},
        follow_redirects=True,
    )
    assert "返信はできません" in page.get_data(as_text=True)
    assert len(c.messages) == count


def test_overdue_flag_and_inbox(client, tenant_a: Tenant, file_request) -> None:
    c = file_request()
    assert c.due_on == date(2026, 5, 8)  # Thursday 4/30 + 3 business days over Golden Week
    sign_in(client, tenant_a.users[Role.CONSULTATION_STAFF])
    inbox = client.get(f"/c/{tenant_a.slug}/desk/").get_data(as_text=True)
    assert re.search(r"期限超過", inbox)  # today is long after 2026-05-08 and nobody answered

"""E-mail notifications about a consultation, sent as jobs (id and event code only).

The mails name no person, topic or text: they say that something happened and carry a link.
A guest's link is a fresh private link; everybody else signs in to read.
"""

from __future__ import annotations

from typing import Any

from hrcare.auth.services import external_url
from hrcare.consultations.access import company_staff
from hrcare.consultations.follow import FOLLOW_DAYS, make_token
from hrcare.consultations.models import Consultation
from hrcare.core.i18n import _, force_locale, locale_of
from hrcare.core.mail import Mail, send_once
from hrcare.extensions import db
from hrcare.tenants.services import user_by_id

EVENTS = ("created", "link", "staff_replied", "employee_replied", "assigned")


def _company_slug(consultation: Consultation) -> str:
    from hrcare.tenants.services import Company

    company = db.session.get(Company, consultation.company_id)
    return company.slug if company else ""


def _to_staff(consultation: Consultation) -> list[tuple[Mail, str]]:
    slug = _company_slug(consultation)
    if consultation.assignee_id is not None:
        people = [user_by_id(db.session, consultation.assignee_id)]
    else:
        people = list(company_staff(db.session, consultation.company_id))
    mails = []
    for person in people:
        if person is None or not person.is_active:
            continue
        url = external_url("desk.detail", company=slug, consultation_id=consultation.id)
        if consultation.assignee_id is None:
            url = external_url("desk.inbox", company=slug)
        with force_locale(locale_of(person.locale)):
            mails.append(
                (
                    Mail(
                        to=person.email,
                        subject=_("【hrcare】相談窓口にお知らせがあります"),
                        body=_(
                            "相談窓口に、新しい相談または返信があります。\n"
                            "内容は次のリンクからログインしてご確認ください。\n\n%(url)s",
                            url=url,
                        ),
                    ),
                    f"user-{person.id}",
                )
            )
    return mails


def _to_employee(consultation: Consultation) -> list[tuple[Mail, str]]:
    if consultation.guest_email:
        url = external_url("consult_entry.follow", token=make_token(consultation))
        with force_locale(locale_of(None)):
            return [
                (
                    Mail(
                        to=consultation.guest_email,
                        subject=_("【hrcare】ご相談の確認用リンク"),
                        body=_(
                            "ご相談を受け付けています。次のリンクから、状況の確認・返信・取り下げができます。\n\n"
                            "%(url)s\n\n"
                            "このリンクはあなた専用です。他の人に転送しないでください。"
                            "有効期限は%(days)s日間です。期限が切れたら、相談窓口からのお知らせに届く新しいリンクをお使いください。",
                            url=url,
                            days=FOLLOW_DAYS,
                        ),
                    ),
                    "guest",
                )
            ]
    person = user_by_id(db.session, consultation.requester_id or 0)
    if person is None or not person.is_active:
        return []
    url = external_url(
        "consultations.show", company=_company_slug(consultation), consultation_id=consultation.id
    )
    with force_locale(locale_of(person.locale)):
        return [
            (
                Mail(
                    to=person.email,
                    subject=_("【hrcare】ご相談に返信があります"),
                    body=_(
                        "相談窓口から、ご相談への返信があります。\n"
                        "内容は次のリンクからログインしてご確認ください。\n\n%(url)s",
                        url=url,
                    ),
                ),
                f"user-{person.id}",
            )
        ]


def notify(run_id: str, consultation_id: int, event: str) -> dict[str, Any]:
    """Send the mails of one event, at most once per recipient (``core.mail.send_once``)."""
    consultation = db.session.get(Consultation, consultation_id)
    if consultation is None or event not in EVENTS:
        return {"sent": 0}
    if event in ("created", "employee_replied", "assigned"):
        mails = _to_staff(consultation)
    else:
        mails = _to_employee(consultation)
    # One delivery per recipient of this event (the run): a retried job never sends twice.
    sent = 0
    for mail, recipient in mails:
        outcome = send_once(
            db.session,
            f"consultation:{run_id}:{recipient}",
            mail,
            company_id=consultation.company_id,
        )
        sent += outcome == "sent"
    return {"sent": sent}

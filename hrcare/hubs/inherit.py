"""Hub templates its clients inherit and may override.

- The survey variant: a title and extra yes/no questions, applied when the hub starts a
  client's first wave (later waves copy their previous wave's questions, so before/after
  stays comparable). A client may use its own title and leave out the hub's questions.
- The directory: the hub's entries (``consultations.services.hub_entries``), which every
  client sees beside its own.
- The report cover: a text printed on the cover of the client's executive report; a client
  may replace it with its own.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from hrcare.core import audit, hooks
from hrcare.core.actor import Actor
from hrcare.core.i18n import _l
from hrcare.hubs.models import ClientTemplate, HubTemplate
from hrcare.surveys import services as surveys
from hrcare.tenants.services import Company

MAX_QUESTIONS = 10
MAX_COVER = 1000
YES_NO = [("はい", "Yes"), ("いいえ", "No")]


class TemplateError(ValueError):
    def __init__(self, message: object) -> None:
        super().__init__(str(message))
        self.message = message


def hub_template(session: Session, hub_id: int | None) -> HubTemplate | None:
    if hub_id is None:
        return None
    return session.scalars(select(HubTemplate).where(HubTemplate.hub_id == hub_id)).first()


def client_template(session: Session, company_id: int) -> ClientTemplate | None:
    return session.scalars(
        select(ClientTemplate).where(ClientTemplate.company_id == company_id)
    ).first()


def parse_questions(text: str) -> list[dict[str, Any]]:
    """One question a line: ``日本語の質問文 | English text`` (English optional); yes/no."""
    out = []
    for line in text.splitlines():
        ja, _sep, en = line.partition("|")
        if not ja.strip():
            continue
        if len(ja.strip()) > 200 or len(en.strip()) > 200:
            raise TemplateError(_l("質問文は200文字以内にしてください。"))
        out.append({"kind": "single", "ja": ja.strip(), "en": en.strip(), "options": YES_NO})
    if len(out) > MAX_QUESTIONS:
        raise TemplateError(_l("追加の質問は%(n)s問までです。", n=MAX_QUESTIONS))
    return out


def questions_text(questions: list[dict[str, Any]]) -> str:
    return "\n".join(f"{q['ja']} | {q['en']}" if q.get("en") else q["ja"] for q in questions)


def _cover(text: str) -> str:
    if len(text) > MAX_COVER:
        raise TemplateError(_l("表紙の文は%(n)s文字以内にしてください。", n=MAX_COVER))
    return text.strip()


def save_hub_template(
    session: Session,
    actor: Actor,
    *,
    survey_title: str,
    survey_title_en: str,
    questions: str,
    report_cover: str,
    report_cover_en: str,
    now: datetime,
) -> HubTemplate:
    if actor.hub_id is None:
        raise LookupError("no hub")
    parsed = parse_questions(questions)
    row = hub_template(session, actor.hub_id)
    if row is None:
        row = HubTemplate(hub_id=actor.hub_id)
        session.add(row)
    row.survey_title, row.survey_title_en = survey_title.strip(), survey_title_en.strip()
    row.questions = parsed
    row.report_cover, row.report_cover_en = _cover(report_cover), _cover(report_cover_en)
    row.updated_by_id, row.updated_at = actor.user_id, now
    session.flush()
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=None,
        hub_id=actor.hub_id,
        action="hubs.template_update",
        object_type="hub_template",
        object_id=row.id,
    )
    return row


def save_client_template(
    session: Session,
    actor: Actor,
    company: Company,
    *,
    use_hub_questions: bool,
    survey_title: str,
    report_cover: str,
    now: datetime,
) -> ClientTemplate:
    row = client_template(session, company.id)
    if row is None:
        row = ClientTemplate(company_id=company.id)
        session.add(row)
    row.use_hub_questions = use_hub_questions
    row.survey_title, row.report_cover = survey_title.strip()[:200], _cover(report_cover)
    row.updated_by_id, row.updated_at = actor.user_id, now
    session.flush()
    audit.record(
        session,
        actor_id=actor.user_id,
        company_id=company.id,
        action="hubs.client_template_update",
        object_type="hub_client_template",
        object_id=row.id,
    )
    return row


@dataclass(frozen=True)
class Effective:
    survey_title: str
    survey_title_en: str
    questions: list[dict[str, Any]]
    report_cover: str
    report_cover_en: str
    overridden: bool


def effective(session: Session, company: Company) -> Effective:
    """What applies to the company: its own choices over its hub's template."""
    hub = hub_template(session, company.hub_id)
    own = client_template(session, company.id)
    title = (own.survey_title if own else "") or (hub.survey_title if hub else "")
    title_en = "" if own and own.survey_title else (hub.survey_title_en if hub else "")
    use = own.use_hub_questions if own else True
    cover = (own.report_cover if own else "") or (hub.report_cover if hub else "")
    cover_en = "" if own and own.report_cover else (hub.report_cover_en if hub else "")
    return Effective(
        title,
        title_en,
        list(hub.questions or []) if hub and use else [],
        cover,
        cover_en,
        own is not None,
    )


def report_cover(session: Session, company: Company, language: str) -> str:
    """The cover text of the company's executive report in ``language`` (may be empty)."""
    found = effective(session, company)
    if language == "en":
        return found.report_cover_en or found.report_cover
    return found.report_cover


# The reports (below hubs) read the cover text through the tenants feature.
hooks.provide("hubs.report_cover", report_cover)


def apply_to_first_wave(session: Session, survey: surveys.Survey, found: Effective) -> None:
    """Add the template's questions to a new series' first wave (a draft)."""
    for q in found.questions:
        surveys.add_custom_question(
            session,
            survey,
            kind=q["kind"],
            text_ja=q["ja"],
            text_en=q.get("en", ""),
            options=[tuple(o) for o in q.get("options", [])],
        )

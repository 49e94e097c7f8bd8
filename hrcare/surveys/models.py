"""Survey storage.

Unattributed by design: ``SurveyInvitation`` (one per employee, holds only a hash of the
link's token) knows *whether* someone answered; ``SurveyResponse`` knows the roster snapshot
taken at invitation (department, age band, manager, employment type) and the answers, but no
employee, no invitation and no token. Free-text answers are kept apart in ``SurveyComment``
with no link to the response, so the consultation staff who read them never see the rest.
Nothing records *when* an invitation was used more precisely than the day, so the two cannot
be joined by timestamp.
"""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, CheckConstraint, ForeignKey, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from hrcare.core.db import Base, TenantMixin, utcnow

SURVEY_STATUSES = ("draft", "open", "closed")


class Survey(TenantMixin, Base):
    __tablename__ = "surveys"
    __table_args__ = (
        UniqueConstraint("company_id", "series", "wave"),
        CheckConstraint("status IN ('draft', 'open', 'closed')", name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200), default="")
    # Waves of the same survey share a series; wave 1, 2, … compare side by side.
    series: Mapped[str] = mapped_column(String(64), default="caregiving")
    wave: Mapped[int] = mapped_column(default=1)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    opens_on: Mapped[date | None] = mapped_column()
    closes_on: Mapped[date | None] = mapped_column()
    # {"departments": [...], "employment_types": [...]}; empty = everyone on the roster.
    audience: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    consent_version: Mapped[str] = mapped_column(String(32), default="2026-1")
    # The standard questionnaire's version (questionnaire.QUESTIONNAIRES); a survey keeps it.
    questionnaire_version: Mapped[int] = mapped_column(default=2, server_default="1")
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    opened_at: Mapped[datetime | None] = mapped_column()
    closed_at: Mapped[datetime | None] = mapped_column()

    questions: Mapped[list[SurveyQuestion]] = relationship(
        order_by="SurveyQuestion.position", cascade="all, delete-orphan", back_populates="survey"
    )


class SurveyQuestion(TenantMixin, Base):
    """One item of one survey: a copy of a standard question (editable wording) or HR's own."""

    __tablename__ = "survey_questions"
    __table_args__ = (
        UniqueConstraint("company_id", "survey_id", "code"),
        CheckConstraint(
            "kind IN ('single', 'multiple', 'scale', 'text', 'dependents')", name="kind"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(default=0)
    is_core: Mapped[bool] = mapped_column(default=False)
    text_ja: Mapped[str] = mapped_column(Text)
    text_en: Mapped[str] = mapped_column(Text, default="")
    # [{"code": ..., "ja": ..., "en": ...}] for single/multiple; empty for scale/text/dependents.
    options: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # {"section": now|relatives|ahead|knowledge|other|custom,
    #  "asked_of": everyone|caregivers|non_caregivers (absent before version 2: read
    #  "caregivers_only"), "caregivers_only": bool, "allow_prefer_not": bool,
    #  "min": int, "max": int (scale only)}
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    survey: Mapped[Survey] = relationship(back_populates="questions")


class SurveyInvitation(TenantMixin, Base):
    """The personal link. Knows whether its employee answered, never what."""

    __tablename__ = "survey_invitations"
    __table_args__ = (UniqueConstraint("company_id", "survey_id", "employee_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    employee_id: Mapped[int] = mapped_column(
        ForeignKey("employees.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # Roster snapshot at invitation; copied onto the response when it is submitted.
    department: Mapped[str] = mapped_column(String(100), default="")
    age_band: Mapped[str] = mapped_column(String(8))
    is_manager: Mapped[bool] = mapped_column(default=False)
    employment_type: Mapped[str] = mapped_column(String(20), default="regular")
    invited_on: Mapped[date] = mapped_column()
    # The day a usable link was last issued (e-mail, reminder or downloaded list). None: the
    # invitation exists but its employee has not received a link yet (the hash is a dead one).
    link_issued_on: Mapped[date | None] = mapped_column()
    last_reminded_on: Mapped[date | None] = mapped_column()
    responded: Mapped[bool] = mapped_column(default=False)
    # How the link now valid was handed over: "email" (sent to the employee) or "download"
    # (a list HR downloaded and hands out itself). Counted per group for the stuffing flag.
    link_channel: Mapped[str | None] = mapped_column(String(16))
    # Invited after the wave opened, by an explicit (logged) action: the audience is frozen
    # at opening.
    added_late: Mapped[bool] = mapped_column(default=False, server_default=false())


class SurveyPreviousLink(TenantMixin, Base):
    """A link handed out earlier for the same invitation (by e-mail, reminder or the downloaded
    list). A new link never breaks one someone already holds: earlier links keep answering
    until the wave closes (the invitation is answered once, whichever link is used)."""

    __tablename__ = "survey_previous_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("survey_invitations.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)


class SurveyResponse(TenantMixin, Base):
    """One anonymous set of answers. Random id: insertion order tells nothing."""

    __tablename__ = "survey_responses"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    department: Mapped[str] = mapped_column(String(100), default="")
    age_band: Mapped[str] = mapped_column(String(8))
    is_manager: Mapped[bool] = mapped_column(default=False)
    employment_type: Mapped[str] = mapped_column(String(20), default="regular")
    consent_version: Mapped[str] = mapped_column(String(32))
    consented_at: Mapped[datetime] = mapped_column()
    # {question code: option code | [codes] | number | "prefer_not"};
    # "dependents": [{"relationship", "age_band", "residence", "prefecture", "care_level", "main_carer"}]
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SurveyComment(TenantMixin, Base):
    """A free-text answer, stored apart from the response it came with (no link)."""

    __tablename__ = "survey_comments"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    question_code: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text)


class SurveyPooledAnswer(TenantMixin, Base):
    """A submitted answer waiting to be written as a ``SurveyResponse``.

    Answers are not written one by one: each waits here (random id, no timestamp) and the
    pool is written in one shuffled batch once it holds at least the threshold number of
    answers, and entirely when the wave closes (``hrcare.surveys.pool``). The pooled row is
    deleted in the batch's transaction, so what stays at rest — the responses, their order,
    their transaction — tells only which batch of at least ``threshold`` answers an answer
    was in. ``payload`` is the JSON of the roster snapshot, the answers and the comments,
    sealed with the application's secret key (``core.sealing``): the row shares the
    invitation's transaction, so a database alone must not read it.
    """

    __tablename__ = "survey_pooled_answers"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=lambda: str(uuid.uuid4()))
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    payload: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)


class SurveyLinkEvent(TenantMixin, Base):
    """Links handed over outside e-mail, and people invited after opening.

    Each is an action that could fill a group with answers its author controls, so every
    HR admin of the company and its hub see them on the survey page and in the release.
    """

    __tablename__ = "survey_link_events"
    __table_args__ = (CheckConstraint("kind IN ('download', 'late_invite')", name="kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    people: Mapped[int] = mapped_column()
    reissued: Mapped[int] = mapped_column(default=0)  # of them, links that replaced a link
    department: Mapped[str] = mapped_column(String(100), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_email: Mapped[str] = mapped_column(String(254), default="")
    issued_on: Mapped[date] = mapped_column()


class SurveyRelease(TenantMixin, Base):
    """Everything ever published about one closed wave, computed once and frozen.

    Written when the wave closes (``hrcare.surveys.results.release``) with the threshold
    in force then; never updated except by appending audited ``additions``. ``data`` holds
    the results of every breakdown, the participation, the loss partition, the stuffing
    flags and the link events; ``cells`` the respondent and caregiver counts per
    (department, age band, position) that later additions are audited against.
    """

    __tablename__ = "survey_releases"
    # Ids are never reused, even on SQLite after the newest row is deleted with its company:
    # a hub pool names the releases it rests on by id ("r12/40-44").
    __table_args__ = (UniqueConstraint("company_id", "survey_id"), {"sqlite_autoincrement": True})

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"), index=True)
    threshold: Mapped[int] = mapped_column()
    released_on: Mapped[date] = mapped_column()
    data: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    cells: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    additions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The overall figures of ``data["results"]`` (title, invited, respondents, response rate,
    # caregivers): what a table of many companies reads without parsing whole releases.
    summary: Mapped[dict[str, Any] | None] = mapped_column(JSON(none_as_null=True))

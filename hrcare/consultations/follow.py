"""The private link of a request filed without an account (the company's entry link).

A signed, timed token over the consultation id and its ``link_nonce``: nothing secret is
stored, the link expires (``FOLLOW_DAYS``) and every e-mail about the request carries a fresh
one. Replacing the nonce revokes every link already sent.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from enum import StrEnum

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy.orm import Session

from hrcare.consultations.models import Consultation
from hrcare.core.db import utcnow

FOLLOW_DAYS = 30


class LinkProblem(StrEnum):
    INVALID = "invalid"
    EXPIRED = "expired"


class LinkError(Exception):
    def __init__(self, problem: LinkProblem) -> None:
        super().__init__(problem.value)
        self.problem = problem


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(
        current_app.config["SECRET_KEY"], salt="hrcare.consultations.follow"
    )


def make_token(consultation: Consultation) -> str:
    return _serializer().dumps({"c": consultation.id, "n": consultation.link_nonce})


def read_token(session: Session, token: str, *, now: datetime | None = None) -> Consultation:
    """The guest consultation a link opens, or ``LinkError`` saying why it cannot be used."""
    try:
        payload, signed_at = _serializer().loads(token, return_timestamp=True)
    except BadSignature:
        raise LinkError(LinkProblem.INVALID) from None
    if not isinstance(payload, dict) or type(payload.get("c")) is not int:
        raise LinkError(LinkProblem.INVALID)
    consultation = session.get(Consultation, payload["c"])
    if (
        consultation is None
        or consultation.guest_email is None
        or consultation.link_nonce != payload.get("n")
    ):
        raise LinkError(LinkProblem.INVALID)
    if (now or utcnow()) - signed_at > timedelta(days=FOLLOW_DAYS):
        raise LinkError(LinkProblem.EXPIRED)
    return consultation

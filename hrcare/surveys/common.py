"""Small rules shared by the survey modules: the Tokyo calendar, link tokens, status.

A survey's dates are calendar days in Asia/Tokyo: ``opens_on`` is the first day answers are
accepted and ``closes_on`` the last. A survey still marked ``open`` after its last day is
*effectively* closed everywhere (links, jobs, the admin page) even before anyone records the
close: see ``effective_status``.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import date

from hrcare.surveys.models import Survey

TOKEN_BYTES = 32  # secrets.token_urlsafe(32): 43 characters, 256 bits
MAX_TOKEN_LENGTH = 100  # anything longer is not one of ours: refused before hashing
# The version of the consent text on the first page (templates/surveys/answer/consent.html).
# Bump it whenever that text changes in substance; every response records the version shown.
CONSENT_VERSION = "2026-2"  # 2026-2: fixed releases, the hub, answers written in batches
DEFAULT_SERIES = "caregiving"


class SurveyError(ValueError):
    """A survey change that cannot be made; the message says why, in the user's language."""


def hash_token(token: str) -> str:
    """Only this hash is stored; the token itself exists only in the link that was sent."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh link token and its hash."""
    token = secrets.token_urlsafe(TOKEN_BYTES)
    return token, hash_token(token)


def dead_hash() -> str:
    """A hash whose token nobody knows: an invitation that has not been given a link yet."""
    return hash_token("unissued:" + secrets.token_urlsafe(TOKEN_BYTES))


def is_past_deadline(survey: Survey, today: date) -> bool:
    return survey.closes_on is not None and today > survey.closes_on


def effective_status(survey: Survey, today: date) -> str:
    """``open`` surveys past their last day behave as ``closed`` before the close is recorded."""
    if survey.status == "open" and is_past_deadline(survey, today):
        return "closed"
    return survey.status


def is_accepting(survey: Survey, today: date) -> bool:
    return effective_status(survey, today) == "open"

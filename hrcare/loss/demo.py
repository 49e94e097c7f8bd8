"""The loss feature's demo data: each demo company's stored estimate, as a release would."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hrcare.core.db import utcnow
from hrcare.loss.estimates import store_estimate


def seed_demo_estimate(session: Session, company: Any, *, today: date, rng: Any) -> None:
    """Demo seeder (after the surveys)."""
    store_estimate(session, company, today=today, now=utcnow())

"""Japan's calendar: timestamps are stored in UTC, days (deadlines, ages) are Japanese days."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from hrcare.core.db import utcnow

JST = timezone(timedelta(hours=9), "JST")  # Japan has no daylight saving time


def today_jst(now: datetime | None = None) -> date:
    """The calendar day in Japan at ``now`` (default: this moment)."""
    return (now or utcnow()).astimezone(JST).date()


def jst_date(moment: datetime | None) -> date | None:
    return moment.astimezone(JST).date() if moment is not None else None


def jst_day(moment: datetime | date | None) -> str:
    """A moment's (or a day's) Japanese calendar day as YYYY-MM-DD; empty for none."""
    if moment is None:
        return ""
    day = jst_date(moment) if isinstance(moment, datetime) else moment
    return day.isoformat() if day else ""


def jst_minute(moment: datetime | None) -> str:
    """A moment in Japan time, to the minute (YYYY-MM-DD HH:MM); empty for none."""
    return moment.astimezone(JST).strftime("%Y-%m-%d %H:%M") if moment else ""

"""What the plan and the ledger services share: the error they raise and input checks."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hrcare.core.i18n import _l
from hrcare.tenants import services as tenants

#: Dates people type into the plan and the ledger stay within this range.
EARLIEST = date(2000, 1, 1)
LATEST_AHEAD_YEARS = 5
MAX_TEXT = 4000


class ChecklistError(ValueError):
    """Bad input: ``message`` names what is wrong, ``field`` where (for the form)."""

    def __init__(self, message: Any, field: str | None = None) -> None:
        super().__init__(str(message))
        self.message = message
        self.field = field


def check_past_day(value: date | None, field: str, today: date) -> date:
    """A day that has happened: not in the future, not before 2000."""
    if value is None:
        raise ChecklistError(_l("日付を入力してください。"), field)
    if value > today:
        raise ChecklistError(_l("未来の日付は記録できません。"), field)
    if value < EARLIEST:
        raise ChecklistError(_l("2000年1月1日以降の日付を入力してください。"), field)
    return value


def check_plan_day(value: date | None, field: str, today: date) -> date | None:
    """A due date: empty, or between 2000 and five years from today."""
    if value is None:
        return None
    if value < EARLIEST or value.year > today.year + LATEST_AHEAD_YEARS:
        raise ChecklistError(
            _l("日付は2000年から%(year)s年までの範囲で入力してください。", year=today.year + 5),
            field,
        )
    return value


def check_text(value: str | None, field: str, limit: int = MAX_TEXT) -> str:
    text = (value or "").strip()
    if len(text) > limit:
        raise ChecklistError(_l("%(limit)s文字以内で入力してください。", limit=limit), field)
    return text


def company_member(session: Session, company_id: int, user_id: int | None) -> Any:
    """An active account of the company (any company role), or ChecklistError."""
    if user_id is None:
        return None
    user = tenants.company_account(session, company_id, user_id)
    if user is None or not user.is_active:
        raise ChecklistError(_l("担当者はこの会社のメンバーから選んでください。"), "owner")
    return user


def company_members(session: Session, company_id: int) -> list[Any]:
    """Who may own an action: the company's active accounts."""
    rows = tenants.company_accounts(session, company_id)
    return sorted((row.user for row in rows if row.user.is_active), key=lambda u: (u.name, u.id))

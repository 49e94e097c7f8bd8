"""Roster columns and cell values: headers, booleans, employment types, dates (incl. 和暦).

Pure functions shared by the file importer, the export and the one-employee form, so a value
means the same thing wherever it is typed. A parse failure is a ``CellProblem`` (message id +
parameters); the caller adds the row and column.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any

from hrcare.core import formatting
from hrcare.roster.models import EMPLOYMENT_TYPES


def N_(message: str) -> str:  # noqa: N802 - the conventional gettext "mark only" name
    """Mark a message id for extraction; it is translated where it is shown."""
    return message


class CellProblem(Exception):  # noqa: N818 - a value problem, raised only internally
    def __init__(self, msgid: str, params: dict[str, Any] | None = None) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params or {}


# --- columns ------------------------------------------------------------------------------

FIELDS: tuple[str, ...] = (
    "employee_number",
    "name",
    "department",
    "birth_date",
    "hire_date",
    "is_manager",
    "employment_type",
    "email",
)
REQUIRED: tuple[str, ...] = ("employee_number", "name", "birth_date")

# The header each column is exported with (Japanese first: the users are Japanese HR).
JA_HEADERS: dict[str, str] = {
    "employee_number": "社員番号",
    "name": "氏名",
    "department": "部署",
    "birth_date": "生年月日",
    "hire_date": "入社日",
    "is_manager": "管理職",
    "employment_type": "雇用形態",
    "email": "メール",
}

_ALIASES: dict[str, tuple[str, ...]] = {
    "employee_number": ("社員番号", "従業員番号", "employee_number", "employee_no"),
    "name": ("氏名", "name"),
    "department": ("部署", "所属", "department"),
    "birth_date": ("生年月日", "birth_date"),
    "hire_date": ("入社日", "入社年月日", "hire_date"),
    "is_manager": ("役職区分", "管理職", "is_manager", "manager"),
    "employment_type": ("雇用形態", "employment_type"),
    "email": ("メール", "メールアドレス", "email", "email_address"),
}

MAX_LENGTHS: dict[str, int] = {"employee_number": 32, "name": 100, "department": 100, "email": 254}


def normalize_header(raw: str) -> str:
    """Case-, width- and space-insensitive key: ``Employee Number`` == ``employee_number``."""
    text = unicodedata.normalize("NFKC", raw).strip().lower()
    return re.sub(r"[\s_\-・]+", "", text)


HEADER_KEYS: dict[str, str] = {
    normalize_header(alias): name for name, aliases in _ALIASES.items() for alias in aliases
}


def accepted_headers() -> str:
    """The allowlist as a user reads it, in column order."""
    return "、".join(" / ".join(_ALIASES[name][:1] + (name,)) for name in FIELDS)


# --- formula injection (SECURITY.md item 10, ASVS 1.2.10) ---------------------------------

# One escaper for every export: ``hrcare.core.formatting``.
escape_formula = formatting.escape_formula
unescape_formula = formatting.unescape_formula


# --- text --------------------------------------------------------------------------------

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")


def text(value: Any) -> str:
    """A cell as trimmed text; integral numbers lose their ``.0`` (Excel stores 1001 as 1001.0)."""
    if type(value) is str:  # the CSV case, first: this runs for every cell
        value = value.strip()
        return unescape_formula(value) if value[:1] == "'" else value
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return (
            value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
        )
    if isinstance(value, date):
        return value.isoformat()
    return unescape_formula(str(value).strip())


def employee_number(value: Any) -> str:
    """Full-width digits and letters become ASCII (ＥＭＰ００１ → EMP001); leading zeros stay."""
    number = text(value)
    return number if number.isascii() else unicodedata.normalize("NFKC", number).strip()


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def check_text(value: str) -> None:
    """Control characters break spreadsheets and e-mail headers; refuse them on the way in."""
    if _CONTROL.search(value):
        raise CellProblem(N_("改行・タブなどの制御文字は使えません"))


def check_length(name: str, value: str) -> None:
    limit = MAX_LENGTHS.get(name)
    if limit is not None and len(value) > limit:
        raise CellProblem(
            N_("%(limit)s文字以内で入力してください（%(length)s文字）"),
            {"limit": limit, "length": len(value)},
        )


def email(value: Any) -> str | None:
    address = text(value)
    if not address.isascii():
        address = unicodedata.normalize("NFKC", address).strip()
    if not address:
        return None
    if not _EMAIL.match(address):
        raise CellProblem(
            N_("メールアドレスの形式が正しくありません: %(value)s"), {"value": _clip(address)}
        )
    return address


# --- booleans and codes ------------------------------------------------------------------

_TRUE = {"管理職", "はい", "1", "true", "yes", "y", "○", "◯", "〇", "●", "✓", "✔"}
_FALSE = {"非管理職", "一般", "いいえ", "0", "false", "no", "n", "", "×", "✕", "-", "ー", "－"}

EMPLOYMENT_LABELS: dict[str, str] = {
    "regular": "正社員",
    "contract": "契約社員",
    "part_time": "パート・アルバイト",
    "dispatched": "派遣社員",
    "other": "その他",
}
_EMPLOYMENT_CODES: dict[str, str] = {
    "正社員": "regular",
    "正規": "regular",
    "契約社員": "contract",
    "契約": "contract",
    "パート": "part_time",
    "アルバイト": "part_time",
    "パートアルバイト": "part_time",
    "パートタイム": "part_time",
    "派遣": "dispatched",
    "派遣社員": "dispatched",
    "その他": "other",
    **{code: code for code in EMPLOYMENT_TYPES},
    "parttime": "part_time",
}


def is_manager(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float) and value in (0, 1):
        return bool(value)
    key = text(value)
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    key = unicodedata.normalize("NFKC", key).strip().lower()
    if key in _TRUE:
        return True
    if key in _FALSE:
        return False
    raise CellProblem(
        N_("管理職/非管理職、はい/いいえ、1/0 のいずれかで入力してください: %(value)s"),
        {"value": _clip(str(value))},
    )


def employment_type(value: Any) -> str:
    raw = text(value)
    if not raw:
        return "regular"
    if raw in _EMPLOYMENT_CODES:
        return _EMPLOYMENT_CODES[raw]
    key = re.sub(r"[\s・/／_\-]+", "", unicodedata.normalize("NFKC", raw).lower())
    code = _EMPLOYMENT_CODES.get(key)
    if code is None:
        raise CellProblem(
            N_(
                "雇用形態は 正社員・契約社員・パート・アルバイト・派遣・その他 のいずれかで入力してください: %(value)s"
            ),
            {"value": _clip(raw)},
        )
    return code


# --- dates ---------------------------------------------------------------------------------

# (start of the era, the next era's start); the era's year 1 is the start's Western year.
ERAS: dict[str, tuple[date, date]] = {
    "明治": (date(1868, 1, 25), date(1912, 7, 30)),
    "大正": (date(1912, 7, 30), date(1926, 12, 25)),
    "昭和": (date(1926, 12, 25), date(1989, 1, 8)),
    "平成": (date(1989, 1, 8), date(2019, 5, 1)),
    "令和": (date(2019, 5, 1), date(9999, 12, 31)),
}
_ERA_LETTERS = {"m": "明治", "t": "大正", "s": "昭和", "h": "平成", "r": "令和"}

_SEP = r"\s*[-/.年]\s*"
_WESTERN = re.compile(
    rf"(\d{{4}}){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?(?:[ T]\d{{1,2}}:\d{{2}}(?::\d{{2}}(?:\.\d+)?)?)?"
)
_ISO = re.compile(r"(\d{4})-(\d\d)-(\d\d)")
_COMPACT = re.compile(r"(\d{4})(\d{2})(\d{2})")
_ERA = re.compile(
    rf"(明治|大正|昭和|平成|令和|[mtshr])\s*(\d{{1,2}}|元){_SEP}(\d{{1,2}})\s*[-/.月]\s*(\d{{1,2}})\s*日?"
)
EXCEL_EPOCH = date(1899, 12, 30)
DATE_FORMAT_HINT = N_(
    "日付の形式が正しくありません（例: 1980-04-01、1980/4/1、昭和55年4月1日、S55.4.1）: %(value)s"
)


def _clip(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def _make_date(year: int, month: int, day: int, raw: str) -> date:
    try:
        return date(year, month, day)
    except ValueError:
        raise CellProblem(N_("存在しない日付です: %(value)s"), {"value": _clip(raw)}) from None


def parse_date(value: Any) -> date | None:
    """Excel dates and serials, YYYY-MM-DD, YYYY/M/D, YYYY年M月D日, YYYYMMDD and 和暦."""
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        # An Excel serial in a cell that is not formatted as a date.
        if 1 <= value < 2958466:
            return EXCEL_EPOCH + timedelta(days=int(value))
        if float(value).is_integer() and 10000101 <= value <= 99991231:
            # YYYYMMDD typed as a number (payroll exports); beyond any Excel serial.
            return parse_date(str(int(value)))
        raise CellProblem(DATE_FORMAT_HINT, {"value": _clip(str(value))})
    raw = str(value).strip()
    if not raw:
        return None
    match = _ISO.fullmatch(raw)  # the common case, without normalising
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]), raw)
    norm = (raw if raw.isascii() else unicodedata.normalize("NFKC", raw)).lower()
    match = _WESTERN.fullmatch(norm) or _COMPACT.fullmatch(norm)
    if match:
        return _make_date(int(match[1]), int(match[2]), int(match[3]), raw)
    match = _ERA.fullmatch(norm)
    if match:
        era = _ERA_LETTERS.get(match[1], match[1])
        start, end = ERAS[era]
        era_year = 1 if match[2] == "元" else int(match[2])
        day = _make_date(start.year + era_year - 1, int(match[3]), int(match[4]), raw)
        if era_year < 1 or not start <= day < end:
            raise CellProblem(N_("元号の期間にない日付です: %(value)s"), {"value": _clip(raw)})
        return day
    raise CellProblem(DATE_FORMAT_HINT, {"value": _clip(raw)})


def age_on(birth_date: date, day: date) -> int:
    """Legal age on ``day``: a person reaches an age on the day before the birthday
    (年齢計算ニ関スル法律, 民法143条), so on that day the new age already counts; for a
    29 February birthday in a common year that day is 28 February. The one age helper:
    ``services.age_on`` is this function."""
    after = day + timedelta(days=1)
    return (
        after.year
        - birth_date.year
        - ((after.month, after.day) < (birth_date.month, birth_date.day))
    )


MIN_AGE, MAX_AGE = 15, 100


def check_birth_date(birth: date, today: date) -> None:
    if birth > today:
        raise CellProblem(N_("生年月日が未来の日付です: %(value)s"), {"value": birth.isoformat()})
    age = age_on(birth, today)
    if not MIN_AGE <= age <= MAX_AGE:
        raise CellProblem(
            N_("年齢が%(min)s〜%(max)s歳の範囲外です（%(age)s歳）"),
            {"min": MIN_AGE, "max": MAX_AGE, "age": age},
        )


def check_hire_date(hire: date, birth: date | None) -> None:
    if birth is not None and hire <= birth:
        raise CellProblem(N_("入社日が生年月日より前です: %(value)s"), {"value": hire.isoformat()})

"""What the tenants feature accepts: names, slugs and addresses, the roles HR may invite, and
how each role is named.

Messages of ``TenantError`` are lazy strings: they are rendered in the reader's language
when shown (a page, or the command line under the default locale), not when raised.
"""

from __future__ import annotations

import re
import unicodedata

from hrcare.core.i18n import _l
from hrcare.core.roles import Role
from hrcare.tenants.errors import TenantError
from hrcare.tenants.models import SLUG_PATTERN

MAX_NAME_LENGTH = 200
MAX_ANONYMITY_THRESHOLD = 1000
MAX_CONTACT_LENGTH = 2000
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"
# The roles an HR admin may invite into their own company (never a platform or hub role).
HR_INVITABLE_ROLES: tuple[Role, ...] = (
    Role.HR_ADMIN,
    Role.EXECUTIVE,
    Role.CONSULTATION_STAFF,
    Role.EMPLOYEE,
)

# How each role is named on pages and in command output.
ROLE_LABELS = {
    Role.PLATFORM_ADMIN: _l("プラットフォーム管理者"),
    Role.HUB_OPERATOR: _l("ハブ運営者"),
    Role.HUB_CONSULTANT: _l("ハブ相談員"),
    Role.HR_ADMIN: _l("人事担当者"),
    Role.EXECUTIVE: _l("経営者・役員"),
    Role.CONSULTATION_STAFF: _l("相談窓口担当者"),
    Role.EMPLOYEE: _l("従業員"),
}


def check_slug(slug: str) -> str:
    if not re.fullmatch(SLUG_PATTERN, slug):
        raise TenantError(
            _l(
                "識別子「%(slug)s」は英小文字・数字・ハイフン（2〜63文字、先頭と末尾は英数字）で指定してください。",
                slug=slug,
            )
        )
    return slug


def check_name(name: str) -> str:
    name = name.strip()
    if not name:
        raise TenantError(_l("名称を入力してください。"))
    if len(name) > MAX_NAME_LENGTH:
        raise TenantError(_l("名称は%(n)d文字以内にしてください。", n=MAX_NAME_LENGTH))
    check_one_line(name)
    return name


def check_one_line(text: str) -> None:
    """Names go into mail headers and subjects: a line break there breaks every mail job."""
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") for ch in text):
        raise TenantError(_l("名称に改行やタブなどの制御文字は使えません。"))


def check_email(email: str) -> str:
    email = email.strip().lower()
    if len(email) > 254 or not re.fullmatch(EMAIL_PATTERN, email):
        raise TenantError(_l("メールアドレス「%(email)s」の形式が正しくありません。", email=email))
    return email

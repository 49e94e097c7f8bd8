"""Password hashing (Argon2id, m = 19 MiB, t = 2) and the password rules (SECURITY.md item 5)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from hrcare.core.i18n import _l

MIN_LENGTH = 12
MAX_LENGTH = 128
_hasher = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
# Keyboard rows and runs: a password that is one stretch of these is as weak as a common one.
_SEQUENCES = (
    "abcdefghijklmnopqrstuvwxyz",
    "qwertyuiopasdfghjklzxcvbnm",
    "1234567890",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
)
COMMON_PASSWORDS_FILE = (
    Path(__file__).resolve().parent.parent / "core" / "data" / "common_passwords.txt"
)


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def needs_rehash(password_hash: str) -> bool:
    """True when a stored hash was made with weaker parameters than today's."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except (InvalidHashError, ValueError):
        return True


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        # Same cost as a real check, so timing does not reveal whether the account exists.
        _hasher.hash(password)
        return False
    try:
        return _hasher.verify(password_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def _is_sequence(lowered: str) -> bool:
    for sequence in _SEQUENCES:
        for run in (sequence * 3, sequence[::-1] * 3):
            if lowered in run:
                return True
    return False


def password_problem(password: str, *, email: str = "") -> str | None:
    """The reason a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return str(_l("パスワードは%(n)d文字以上にしてください。", n=MIN_LENGTH))
    if len(password) > MAX_LENGTH:
        return str(_l("パスワードは%(n)d文字以内にしてください。", n=MAX_LENGTH))
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) <= 2 or _is_sequence(lowered):
        return str(_l("よく使われているパスワードは使えません。推測されにくいものにしてください。"))
    local = email.split("@", 1)[0].lower()
    if len(local) >= 4 and local in lowered:
        return str(_l("メールアドレスを含むパスワードは使えません。"))
    return None

"""SECURITY.md item 5: Argon2id m ≥ 19 MiB, t ≥ 2; 12–128 characters; common passwords refused."""

from __future__ import annotations

import argon2
import pytest

from hrcare.auth.passwords import (
    COMMON_PASSWORDS_FILE,
    MAX_LENGTH,
    MIN_LENGTH,
    hash_password,
    needs_rehash,
    password_problem,
    verify_password,
)


def _parameters(encoded: str) -> dict[str, object]:
    """Decode ``$argon2id$v=19$m=19456,t=2,p=1$salt$hash`` by hand (not trusting the library)."""
    _, kind, version, params, salt, digest = encoded.split("$")
    values = dict(item.split("=") for item in params.split(","))
    return {
        "type": kind,
        "version": version,
        "m": int(values["m"]),
        "t": int(values["t"]),
        "p": int(values["p"]),
        "salt": salt,
        "digest": digest,
    }


def test_hash_is_argon2id_with_required_cost() -> None:
    encoded = hash_password("Kaigo-ryoritsu-2024!")
    decoded = _parameters(encoded)
    print(
        f"figure: password hash = {decoded['type']}, m = {decoded['m']} KiB, t = {decoded['t']}, p = {decoded['p']}"
    )
    assert decoded["type"] == "argon2id"
    assert decoded["m"] >= 19456  # 19 MiB
    assert decoded["t"] >= 2
    library = argon2.extract_parameters(encoded)
    assert (library.type, library.memory_cost, library.time_cost) == (
        argon2.Type.ID,
        decoded["m"],
        decoded["t"],
    )


def test_hashes_are_salted_and_verify() -> None:
    first, second = hash_password("Kaigo-ryoritsu-2024!"), hash_password("Kaigo-ryoritsu-2024!")
    assert first != second
    assert verify_password(first, "Kaigo-ryoritsu-2024!")
    assert not verify_password(first, "Kaigo-ryoritsu-2024?")
    assert not verify_password(None, "Kaigo-ryoritsu-2024!")
    assert not verify_password("not-a-hash", "Kaigo-ryoritsu-2024!")


def test_weaker_hash_is_flagged_for_rehash() -> None:
    weak = argon2.PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("x" * 12)
    assert needs_rehash(weak)
    assert not needs_rehash(hash_password("x" * 12))


def _unguessable(length: int) -> str:
    alphabet = "Tq7#vK9!mZ2xLp4@wR8$"
    return "".join(alphabet[(i * 7 + i // len(alphabet)) % len(alphabet)] for i in range(length))


def test_length_limits() -> None:
    results = {
        n: password_problem(_unguessable(n))
        for n in (MIN_LENGTH - 1, MIN_LENGTH, MAX_LENGTH, MAX_LENGTH + 1)
    }
    print(
        f"figure: password length min accepted = {MIN_LENGTH}, max accepted = {MAX_LENGTH}, "
        f"{MAX_LENGTH + 1} refused = {results[MAX_LENGTH + 1] is not None}"
    )
    assert results[MIN_LENGTH - 1] is not None and "12" in results[MIN_LENGTH - 1]
    assert results[MIN_LENGTH] is None
    assert results[MAX_LENGTH] is None
    assert results[MAX_LENGTH + 1] is not None and "128" in results[MAX_LENGTH + 1]
    assert (MIN_LENGTH, MAX_LENGTH) == (12, 128)
    # The longest accepted password really works end to end.
    longest = _unguessable(MAX_LENGTH)
    assert verify_password(hash_password(longest), longest)


def test_every_common_password_is_refused() -> None:
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    common = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    refused = [p for p in common if password_problem(p) is not None]
    # Case does not get a common password through.
    refused_upper = [p for p in common if password_problem(p.upper()) is not None]
    print(f"figure: common passwords refused = {len(refused)}/{len(common)}")
    assert len(common) >= 100
    assert refused == common
    assert refused_upper == common


@pytest.mark.parametrize(
    "password", ["aaaaaaaaaaaaaaaa", "abababababababab", "password1234", "qwertyuiopasdf"]
)
def test_trivial_passwords_refused(password: str) -> None:
    assert password_problem(password) is not None


def test_password_containing_email_is_refused() -> None:
    assert password_problem("tanaka.hanako-2024!", email="tanaka.hanako@example.jp") is not None
    assert password_problem("Kaigo-ryoritsu-2024!", email="tanaka.hanako@example.jp") is None

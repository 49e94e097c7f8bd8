"""Japanese first, English available: every message that ``pybabel extract -F babel.cfg``
finds in the code and templates has an English translation in one of the feature catalogs
(merged at run time), with the same placeholders, and survives ``%`` formatting."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
NAMED = re.compile(r"%\((\w+)\)")
POSITIONAL = re.compile(r"%(?!\()[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")


def positional(text: str) -> int:
    return len(POSITIONAL.findall(text.replace("%%", "")))


def extract(tmp_path: Path) -> list[tuple[str, list[str]]]:
    """(message id, where it is used) for every message the configured extraction finds."""
    pot = tmp_path / "messages.pot"
    subprocess.run(  # noqa: S603 - our own interpreter, fixed arguments
        [
            sys.executable,
            "-m",
            "babel.messages.frontend",
            "extract",
            "-F",
            "babel.cfg",
            "-k",
            "_l",
            "-k",
            "lazy_gettext",
            "-o",
            str(pot),
            "hrcare",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    with pot.open("rb") as fh:
        return [
            (m.id if isinstance(m.id, str) else m.id[0], [f"{f}:{n}" for f, n in m.locations])
            for m in read_po(fh)
            if m.id
        ]


def conflicts() -> list[str]:
    """Messages translated differently by two feature catalogs: at run time the catalogs are
    merged and one of them silently wins (a ledger column once read "Change" in English)."""
    seen: dict[str, tuple[str, str]] = {}
    found = []
    for po in sorted((ROOT / "hrcare").glob("**/translations/en/LC_MESSAGES/messages.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if not (message.id and message.string) or message.fuzzy:
                    continue
                key = message.id if isinstance(message.id, str) else message.id[0]
                value = message.string if isinstance(message.string, str) else message.string[0]
                where = str(po.relative_to(ROOT))
                first = seen.setdefault(key, (where, value))
                if first[1] != value:
                    found.append(f"{key!r}: {first[1]!r} ({first[0]}) vs {value!r} ({where})")
    return found


def test_no_message_is_translated_two_ways() -> None:
    found = conflicts()
    print(f"figure: messages translated two ways = {len(found)}")
    assert found == [], "\n".join(found)


def catalogs() -> dict[str, str]:
    merged: dict[str, str] = {}
    for po in sorted((ROOT / "hrcare").glob("**/translations/en/LC_MESSAGES/messages.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if message.id and message.string and not message.fuzzy:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    value = message.string if isinstance(message.string, str) else message.string[0]
                    merged.setdefault(key, value)
    return merged


class _AnyValue(dict):
    def __missing__(self, key: str) -> int:
        return 1


def formats(text: str) -> bool:
    try:
        text % _AnyValue()
    except (TypeError, ValueError, KeyError):
        return False
    return True


def problems(messages: list[tuple[str, list[str]]], catalog: dict[str, str]) -> list[str]:
    found = []
    for msgid, where in messages:
        place = where[0] if where else "?"
        english = catalog.get(msgid)
        if english is None:
            if JAPANESE.search(msgid):
                found.append(f"{place}: no English for {msgid!r}")
            continue
        if sorted(NAMED.findall(msgid)) != sorted(NAMED.findall(english)) or positional(
            msgid
        ) != positional(english):
            found.append(f"{place}: placeholders differ in {msgid!r} -> {english!r}")
            continue
        # Jinja's gettext always applies ``%``, Python's when values are given (placeholders):
        # a bare ``%`` there is a 500 (write ``%%``).
        formatted = any(w.endswith(".html") or ".html:" in w for w in where) or bool(
            NAMED.search(msgid) or positional(msgid)
        )
        if formatted and not (formats(msgid) and formats(english)):
            found.append(f"{place}: a stray % in {msgid!r} -> {english!r}")
    return found


def test_every_message_has_english_with_the_same_placeholders(tmp_path: Path) -> None:
    messages, catalog = extract(tmp_path), catalogs()
    found = problems(messages, catalog)
    print(f"figure: messages extracted = {len(messages)}, problems = {len(found)}")
    assert found == [], "\n".join(found)
    # The check itself catches each kind of problem.
    assert problems([("未訳のメッセージ", ["x.py:1"])], {})
    assert problems([("%(n)s人", ["x.py:1"])], {"%(n)s人": "%(count)s people"})
    assert problems([("%(n)s％", ["x.py:1"])], {"%(n)s％": "%(n)s%"})
    assert problems([("満足度％", ["t.html:1"])], {"満足度％": "Satisfaction %"})
    assert not problems([("満足度％", ["t.html:1"])], {"満足度％": "Satisfaction %%"})

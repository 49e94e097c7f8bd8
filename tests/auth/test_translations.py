"""Every Japanese string of the account pages and the shared layout has an English translation."""

from __future__ import annotations

from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "hrcare/auth/translations/en/LC_MESSAGES/messages.po"
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None}
SOURCES = [
    *sorted((ROOT / "hrcare/auth").glob("*.py")),
    *sorted((ROOT / "hrcare/templates/auth").glob("*.html")),
    ROOT / "hrcare/templates/base.html",
    ROOT / "hrcare/templates/macros.html",
    ROOT / "hrcare/templates/errors/error.html",
]
EXTRA = {"パスワード変更"}  # the navigation label of auth.change_password (core/navigation.py)


def _msgids() -> set[str]:
    found = set(EXTRA)
    for path in SOURCES:
        method = "python" if path.suffix == ".py" else "jinja2"
        for _line, message, _comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS
        ):
            found.add(message if isinstance(message, str) else message[0])
    return found


def test_every_string_is_translated() -> None:
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id for m in catalog if m.id and m.string and not m.fuzzy}
    needed = _msgids()
    missing = sorted(needed - translated)
    print(f"figure: auth/layout strings translated = {len(needed) - len(missing)}/{len(needed)}")
    assert missing == []


def test_placeholders_match() -> None:
    import re

    with CATALOG.open("rb") as fh:
        catalog = read_po(fh)
    pattern = re.compile(r"%\(\w+\)[sd]")
    for message in catalog:
        if message.id:
            assert sorted(pattern.findall(message.id)) == sorted(pattern.findall(message.string)), (
                message.id
            )

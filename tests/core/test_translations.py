"""Japanese first, English available: every string the code or a template marks for
translation has an English translation in one of the feature catalogs (merged at run time)."""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.extract import extract_from_file
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
KEYWORDS = {"_": None, "_l": None, "gettext": None, "lazy_gettext": None, "ngettext": (1, 2)}
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]")


def _sources() -> list[Path]:
    return [
        *sorted((ROOT / "hrcare").glob("**/*.py")),
        *sorted((ROOT / "hrcare/templates").glob("**/*.html")),
    ]


def _needed() -> dict[str, str]:
    found: dict[str, str] = {}
    for path in _sources():
        method = "python" if path.suffix == ".py" else "jinja2"
        for line, message, _comments, _context in extract_from_file(
            method, str(path), keywords=KEYWORDS
        ):
            msgid = message if isinstance(message, str) else message[0]
            if msgid and re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", msgid):
                found.setdefault(msgid, f"{path.relative_to(ROOT)}:{line}")
    return found


def _catalogs() -> dict[str, str]:
    merged: dict[str, str] = {}
    for po in sorted((ROOT / "hrcare").glob("**/translations/en/LC_MESSAGES/messages.po")):
        with po.open("rb") as fh:
            for message in read_po(fh):
                if message.id and message.string and not message.fuzzy:
                    key = message.id if isinstance(message.id, str) else message.id[0]
                    value = message.string if isinstance(message.string, str) else message.string[0]
                    merged.setdefault(key, value)
    return merged


def test_every_marked_string_has_an_english_translation() -> None:
    needed, catalog = _needed(), _catalogs()
    missing = sorted(f"{where}: {msgid}" for msgid, where in needed.items() if msgid not in catalog)
    print(f"figure: strings translated = {len(needed) - len(missing)}/{len(needed)}")
    assert missing == []


class _AnyValue(dict):
    def __missing__(self, key: str) -> str:
        return "x"


def _formats(text: str) -> bool:
    try:
        text % _AnyValue()
    except (TypeError, ValueError, KeyError):
        return False
    return True


def test_template_translations_survive_formatting() -> None:
    """Jinja's gettext always applies ``%``: a bare ``%`` in a translation is a 500 (use ``%%``)."""
    catalog = _catalogs()
    templates = [p for p in _sources() if p.suffix == ".html"]
    broken = []
    for path in templates:
        for line, message, _c, _x in extract_from_file("jinja2", str(path), keywords=KEYWORDS):
            msgid = message if isinstance(message, str) else message[0]
            text = catalog.get(msgid or "")
            if text and _formats(msgid) and not _formats(text):
                broken.append(f"{path.relative_to(ROOT)}:{line}: {text}")
    assert broken == []


def test_translations_keep_their_placeholders() -> None:
    for msgid, text in _catalogs().items():
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(text)), msgid

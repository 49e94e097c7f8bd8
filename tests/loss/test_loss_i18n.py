"""Every string the loss feature shows has an English translation in its catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_file
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from hrcare.loss import labels, params, results, scenarios

ROOT = Path(__file__).resolve().parents[2]
CATALOG = ROOT / "hrcare/loss/translations/en/LC_MESSAGES/messages.po"
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None}


def _python_msgids() -> list[str]:
    found = []
    for path in sorted((ROOT / "hrcare/loss").glob("*.py")):
        for _, message, _, _ in extract_from_file("python", str(path), keywords=KEYWORDS):
            found.append(message if isinstance(message, str) else message[0])
    return found


def _template_msgids() -> list[str]:
    found = []
    options = {"extensions": "jinja2.ext.i18n", "newstyle_gettext": "true"}
    for path in sorted((ROOT / "hrcare/templates/loss").glob("*.html")):
        with path.open("rb") as fh:
            for _, _, message, _ in babel_extract(fh, ("_", "gettext"), [], options):
                found.append(message if isinstance(message, str) else message[0])
    return found


def _engine_msgids() -> list[str]:
    """Japanese text the pages translate by lookup (``presentation.tr``)."""
    found: list[str] = []
    for mapping in (
        labels.COMPONENT_LABELS_JA,
        labels.METHOD_LABELS_JA,
        labels.SEPARATION_LABELS_JA,
        labels.BASIS_LABELS_JA,
        labels.AGE_BAND_LABELS_JA,
        labels.POSITION_LABELS_JA,
        results.NOTE_CODES,
        params.PARAMETER_LABELS_JA,
        params.SOURCES,
    ):
        found.extend(mapping.values())
    found.extend(s.label for s in scenarios.STANDARD_SCENARIOS)
    found.append("経済損失")  # the navigation entry (hrcare/core/navigation.py)
    return found


@pytest.fixture(scope="module")
def translations() -> dict[str, str]:
    with CATALOG.open("rb") as fh:
        catalog = read_po(fh)
    return {m.id: m.string for m in catalog if m.id}


@pytest.mark.parametrize(
    "source", [_python_msgids, _template_msgids, _engine_msgids], ids=lambda f: f.__name__
)
def test_every_string_is_translated(translations: dict[str, str], source) -> None:  # type: ignore[no-untyped-def]
    msgids = source()
    assert msgids
    missing = [m for m in msgids if not translations.get(m)]
    print(f"figure: untranslated loss strings ({source.__name__}) = {len(missing)}")
    assert missing == []


def test_placeholders_survive_translation(translations: dict[str, str]) -> None:
    import re

    pattern = re.compile(r"%\([a-z]+\)[sd]|%%")
    for msgid, msgstr in translations.items():
        assert sorted(pattern.findall(msgid)) == sorted(pattern.findall(msgstr)), msgid

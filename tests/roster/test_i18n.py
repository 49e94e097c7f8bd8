"""The English catalog covers every roster message, with the same placeholders."""

from __future__ import annotations

import io
import re
from pathlib import Path

from babel.messages.extract import extract
from babel.messages.pofile import read_po
from jinja2.ext import babel_extract

from hrcare.roster.importer import render_message
from tests.conftest import Tenant, sign_in
from tests.roster.conftest import csv_bytes, person

ROOT = Path(__file__).resolve().parents[2]
PO = ROOT / "hrcare/roster/translations/en/LC_MESSAGES/messages.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")


def roster_messages() -> set[str]:
    found: set[str] = set()
    keywords = {"_": None, "_l": None, "N_": None, "gettext": None, "lazy_gettext": None}
    for path in sorted((ROOT / "hrcare/roster").glob("*.py")):
        with path.open("rb") as fh:
            found |= {msg for _, msg, _, _ in extract("python", fh, keywords=keywords)}
    for path in sorted((ROOT / "hrcare/templates/roster").glob("*.html")):
        with path.open("rb") as fh:
            found |= {msg for _, msg, _, _ in extract(babel_extract, fh, keywords={"_": None})}
    return found


def test_every_message_has_an_english_translation() -> None:
    with PO.open("rb") as fh:
        catalog = read_po(fh)
    translated = {m.id: m.string for m in catalog if m.id}
    messages = roster_messages()
    missing = sorted(m for m in messages if not translated.get(m))
    print(f"figure: roster messages = {len(messages)}, untranslated = {len(missing)}")
    assert missing == []
    for msgid in messages:
        assert sorted(PLACEHOLDER.findall(msgid)) == sorted(
            PLACEHOLDER.findall(translated[msgid])
        ), msgid


def test_messages_outside_a_request_are_japanese() -> None:
    assert (
        render_message("存在しない日付です: %(value)s", {"value": "2023-02-30"})
        == "存在しない日付です: 2023-02-30"
    )


def test_preview_errors_in_english(client, tenant_a: Tenant) -> None:
    if not PO.with_suffix(".mo").exists():  # scripts/test compiles the catalogs first
        from hrcare.core.i18n import compile_catalogs

        compile_catalogs()
    sign_in(client, tenant_a.users["hr_admin"])
    with client.session_transaction() as sess:
        sess["locale"] = "en"
    content = csv_bytes([person(birth="2023-02-30")])
    response = client.post(
        f"/c/{tenant_a.slug}/roster/import",
        data={"file": (io.BytesIO(content), "r.csv")},
        content_type="multipart/form-data",
    )
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "This date does not exist: 2023-02-30" in page
    assert "Review the import" in page and "生年月日" in page  # the column as written in the file

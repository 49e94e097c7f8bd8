"""Report fixtures: tenant A with a roster and demo survey waves; tenant B carries canaries."""

from __future__ import annotations

import io
from typing import Any

import pytest
from pypdf import PdfReader

from tests.conftest import Tenant
from tests.security.canaries import CANARY, plant_canaries


@pytest.fixture
def planted(tenant_a: Tenant, tenant_b: Tenant) -> Tenant:
    """Tenant A with 40 employees and closed/open survey waves; tenant B marked CANARY."""
    plant_canaries(tenant_a, tenant_b)
    tenant_b.company.name = f"{CANARY} 株式会社"
    return tenant_a


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(page.extract_text() or "" for page in reader.pages)


def embedded_fonts(pdf: bytes) -> list[tuple[str, list[str]]]:
    """(BaseFont, names in the embedded font file's name table) of every font used."""
    from fontTools.ttLib import TTFont

    reader = PdfReader(io.BytesIO(pdf))
    found: dict[str, list[str]] = {}
    for page in reader.pages:
        fonts: Any = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            name = str(font["/BaseFont"])
            if name in found:
                continue
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            data = descriptor["/FontFile2"].get_object().get_data()
            table = TTFont(io.BytesIO(data))["name"]
            found[name] = sorted({record.toUnicode() for record in table.names})
    return sorted(found.items())

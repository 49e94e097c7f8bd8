"""SECURITY.md item 11: the renderer fetches bundled assets only; a missing one fails loudly."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from hrcare.core import pdf
from hrcare.core.pdf import PACKAGE_DIR, AssetMissing, AssetRefused, make_fetcher, render_pdf

HEAD = '<html><head><link rel="stylesheet" href="assets/report.css"></head><body>'


@pytest.mark.parametrize(
    "url",
    [
        "http://evil.example/x.png",
        "https://evil.example/a.css",
        "file:///etc/passwd",
        (PACKAGE_DIR / "__init__.py").as_uri(),  # a package file that is not an asset
        (PACKAGE_DIR / "fonts" / ".." / "__init__.py").as_uri(),
        PACKAGE_DIR.as_uri() + "/fonts/ipaexg.ttf?x=1",
        "data:text/css,body{}",
        "ftp://evil.example/x",
    ],
)
def test_fetcher_refuses_everything_but_bundled_files(url: str) -> None:
    fetcher = make_fetcher()
    with pytest.raises(AssetRefused):
        fetcher.fetch(url)  # type: ignore[attr-defined]
    assert fetcher.refused == [url]  # type: ignore[attr-defined]


def test_fetcher_serves_the_bundled_font() -> None:
    fetcher = make_fetcher()
    response = fetcher.fetch((PACKAGE_DIR / pdf.FONT_FILE).as_uri())  # type: ignore[attr-defined]
    assert response.read(4) == b"\x00\x01\x00\x00"  # a TrueType file
    assert fetcher.served == {pdf.FONT_FILE}  # type: ignore[attr-defined]


def test_hostile_markup_is_rendered_without_fetching(pdf_fetchers: list[Any]) -> None:
    made = pdf_fetchers
    html = (
        HEAD + "<style>@import url(http://evil.example/x.css);</style>"
        '<p>本文</p><img src="http://evil.example/track.png">'
        '<img src="file:///etc/passwd"><link rel="stylesheet" href="file:///etc/passwd">'
        "</body></html>"
    )
    body, pages = render_pdf(html)
    assert body.startswith(b"%PDF") and pages == 1
    refused = made[0].refused  # type: ignore[attr-defined]
    assert "http://evil.example/track.png" in refused
    assert "http://evil.example/x.css" in refused
    assert "file:///etc/passwd" in refused
    assert made[0].served == set(pdf.BUNDLED)  # type: ignore[attr-defined]


def test_missing_font_fails_loudly(tmp_path: Path) -> None:
    (tmp_path / "assets").mkdir()
    shutil.copy(PACKAGE_DIR / pdf.STYLESHEET, tmp_path / pdf.STYLESHEET)
    with pytest.raises(AssetMissing, match="fonts/ipaexg.ttf"):
        render_pdf(HEAD + "<p>本文</p></body></html>", root=tmp_path)


def test_font_that_is_never_loaded_fails_loudly(tmp_path: Path) -> None:
    """The font file is present but the stylesheet does not load it: no silent fallback."""
    (tmp_path / "assets").mkdir()
    (tmp_path / "fonts").mkdir()
    shutil.copy(PACKAGE_DIR / pdf.FONT_FILE, tmp_path / pdf.FONT_FILE)
    (tmp_path / pdf.STYLESHEET).write_text("html { font-family: serif; }")
    with pytest.raises(AssetMissing, match="not loaded"):
        render_pdf(HEAD + "<p>本文</p></body></html>", root=tmp_path)


def test_older_objects_are_frozen_only_within_the_outermost_block() -> None:
    """Collections during a render skip the process's older objects; afterwards every object
    is back in the collector's care (nothing stays frozen, also after a failed render)."""
    import gc

    assert gc.get_freeze_count() == 0
    with pdf.older_objects_frozen():
        frozen = gc.get_freeze_count()
        assert frozen > 0
        with pdf.older_objects_frozen():  # nested: the report build holds it around its render
            pass
        assert gc.get_freeze_count() == frozen  # the inner block did not unfreeze
    assert gc.get_freeze_count() == 0
    body, _pages = render_pdf(HEAD + "<p>本文</p></body></html>")
    assert body.startswith(b"%PDF") and gc.get_freeze_count() == 0


def test_a_failed_render_leaves_nothing_frozen(tmp_path: Path) -> None:
    import gc

    (tmp_path / "assets").mkdir()
    (tmp_path / "fonts").mkdir()
    shutil.copy(PACKAGE_DIR / pdf.FONT_FILE, tmp_path / pdf.FONT_FILE)
    (tmp_path / pdf.STYLESHEET).write_text("html { font-family: serif; }")
    with pytest.raises(AssetMissing):
        render_pdf(HEAD + "<p>本文</p></body></html>", root=tmp_path)
    assert gc.get_freeze_count() == 0

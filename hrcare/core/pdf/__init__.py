"""HTML → PDF with WeasyPrint, fetching only the assets bundled with this package: the one
PDF path of the app (the executive report, the plan and ledger export, the hub's effect
verification). Templates link ``STYLESHEET`` through ``reports/_pdf_head.html``.

SECURITY.md item 11: a PDF contains company-controlled text (the company name,
department names). Jinja escapes it, and in addition the URL fetcher given to WeasyPrint
serves only the files listed in ``BUNDLED`` from this package; every other URL — ``http:``,
``data:``, ``file:`` outside the package, a bundled file's sibling — is refused. The
Japanese font is one of those files, loaded through ``@font-face``: a report never depends
on fonts that happen to be installed. A bundled file that is missing or was not served makes
the render fail loudly (``AssetMissing``) instead of producing blank glyphs or a fallback font.
"""

from __future__ import annotations

import gc
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

log = logging.getLogger(__name__)

PACKAGE_DIR = Path(__file__).resolve().parent
FONT_FILE = "fonts/ipaexg.ttf"
STYLESHEET = "assets/report.css"
#: Bundled files the renderer may read, relative to this package, with their media types.
BUNDLED: dict[str, str] = {FONT_FILE: "font/ttf", STYLESHEET: "text/css"}
#: Inline SVG charts (ours, every text escaped; no ``<svg`` can come from
#: company text, which Jinja escapes to ``&lt;svg``).
INLINE_SVG = re.compile(r"<svg\b[^>]*>.*?</svg>", re.S)
#: The font's PostScript name, as it appears (with a subset prefix) in the PDF.
FONT_NAME = "IPAexGothic"


class AssetMissing(RuntimeError):
    """A bundled asset is missing or was not used: the PDF would be wrong, so none is made."""


class AssetRefused(ValueError):
    """The renderer asked for something that is not a bundled asset."""


def base_url() -> str:
    return PACKAGE_DIR.as_uri() + "/"


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class BundledAssetFetcher(URLFetcher):  # type: ignore[misc]
        """Serves ``BUNDLED`` files from ``root``; refuses every other URL."""

        def __init__(self, root: Path | None = None) -> None:
            super().__init__(allowed_protocols=("file",), allow_redirects=False)
            self.root = (root or PACKAGE_DIR).resolve()
            self.served: set[str] = set()
            #: Charts of the document being rendered, by their exact URL (see ``render_pdf``).
            self.charts: dict[str, bytes] = {}
            self.refused: list[str] = []

        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            chart = self.charts.get(url)
            if chart is not None:
                return URLFetcherResponse(url, chart, {"Content-Type": "image/svg+xml"})
            name = self.bundled_name(url)
            if name is None:
                # Only the scheme is logged: the URL may come from company-controlled text.
                self.refused.append(url)
                log.warning("PDF renderer refused a %s URL", urlsplit(url).scheme or "relative")
                raise AssetRefused("only bundled PDF assets may be loaded")
            path = self.root / name
            try:
                body = path.read_bytes()
            except OSError:
                raise AssetMissing(f"bundled PDF asset is missing: {name}") from None
            self.served.add(name)
            return URLFetcherResponse(url, body, {"Content-Type": BUNDLED[name]})

        def bundled_name(self, url: str) -> str | None:
            parts = urlsplit(url)
            if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
                return None
            if parts.query or parts.fragment:
                return None
            path = Path(url2pathname(unquote(parts.path)))
            try:
                relative = path.relative_to(self.root).as_posix()
            except ValueError:
                return None
            # No "..", no symlink tricks: the name must be listed exactly.
            return relative if relative in BUNDLED and ".." not in path.parts else None

    return BundledAssetFetcher


def make_fetcher(root: Path | None = None) -> object:
    return _fetcher_class()(root or PACKAGE_DIR)


def check_assets(root: Path | None = None) -> None:
    """Fail before rendering when a bundled file is missing (a broken install)."""
    root = root or PACKAGE_DIR
    for name in BUNDLED:
        if not (root / name).is_file():
            raise AssetMissing(f"bundled PDF asset is missing: {name}")


_frozen_depth = 0
_frozen_lock = threading.Lock()


@contextmanager
def older_objects_frozen() -> Iterator[None]:
    """Within the block, the garbage collector looks only at objects made in it; at its end,
    one full collection.

    A render allocates hundreds of thousands of objects, which sets off full collections;
    each walks every object of the process (the app, SQLAlchemy, pandas, fontTools: ~250,000
    of them) although none of those became garbage during the render. ``gc.freeze`` sets
    the older objects aside for the block; ``gc.unfreeze`` puts them back and one
    ``gc.collect`` frees the block's garbage (a render leaves ~200 MB of reference cycles:
    without it, garbage frozen by the next render piled up, 235 → 438 MB peak in
    scripts/bench_report.py). So a render costs one full collection, not a varying number
    (the 3,000-employee report's build over its static render: 1.11–1.32 → steady).
    Re-entrant (the report build holds it around its render): only the outermost block
    freezes, unfreezes and collects."""
    global _frozen_depth
    with _frozen_lock:
        if _frozen_depth == 0:
            gc.freeze()
        _frozen_depth += 1
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen_depth -= 1
            if _frozen_depth == 0:
                gc.unfreeze()
                gc.collect()


def render_pdf(html: str, root: Path | None = None) -> tuple[bytes, int]:
    """The PDF of ``html`` (which links ``STYLESHEET``) and its page count; fetches bundled
    assets only."""
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration

    root = root or PACKAGE_DIR
    check_assets(root)
    fetcher = make_fetcher(root)
    html = _charts_as_images(html, root.as_uri() + "/", fetcher.charts)  # type: ignore[attr-defined]
    with older_objects_frozen():
        document = HTML(string=html, base_url=root.as_uri() + "/", url_fetcher=fetcher)
        rendered = document.render(font_config=FontConfiguration())
        missing = sorted(set(BUNDLED) - fetcher.served)  # type: ignore[attr-defined]
        if missing:
            raise AssetMissing(f"bundled PDF asset was not loaded: {', '.join(missing)}")
        return bytes(rendered.write_pdf()), len(rendered.pages)


def _charts_as_images(html: str, base: str, charts: dict[str, bytes]) -> str:
    """Each inline ``<svg>`` chart becomes an ``<img>`` served from memory by the fetcher.

    Same vector drawing, about 15% less WeasyPrint time: inline, every SVG node goes through
    the HTML parser and the CSS cascade (with its pseudo-elements) although only the SVG
    renderer reads it; as an image it is parsed once as XML. A chart without a width of
    its own (the effect charts) keeps filling its column (``img.chart-fluid``)."""

    def image(match: re.Match[str]) -> str:
        svg = match.group(0)
        name = f"_chart/{len(charts)}.svg"
        charts[base + name] = svg.encode("utf-8")
        fluid = " chart-fluid" if " width=" not in svg.split(">", 1)[0] else ""
        return f'<img class="chart{fluid}" src="{name}" alt="">'

    return INLINE_SVG.sub(image, html)

"""What a person sees: a phone-sized browser that looks at each page as a person would.

``Visitor.look(name)`` takes the page as it is, at 375 px and again at 1280 px, saves both
screenshots (``artifacts/<name>-<lang>-<width>.png``) and fails on what a person would call
broken: raw template syntax or unfilled placeholders, internal codes, no Japanese on a
Japanese page, Japanese on an English page where the catalogs hold the English, a page wider
than a 375 px phone (sideways scrolling), an error in the browser console.
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from typing import Any

from babel.messages.pofile import read_po

from hrcare.surveys.campaigns import DEFAULT_TITLE

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
ARTIFACTS = HERE / "artifacts"
AXE = HERE / "vendor" / "axe.min.js"
PHONE, DESKTOP = 375, 1280
PASSWORD = "ryouritsu-demo-2025"  # the demo accounts' published password (README)

#: Runs of Japanese script (kana, kanji, Japanese punctuation, full-width forms).
JAPANESE_RUN = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff9f]+")
#: A Japanese term in brackets after its English, "Family care leave (介護休業)": a gloss that
#: lets the reader find the term in Japanese documents, not a leak.
GLOSS = re.compile(r"\((?:[\u3000-\u30ff\u3400-\u9fff\uf900-\ufaff\uff01-\uff9f]+)\)")
KANA_KANJI = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
#: Template syntax and gettext placeholders that were never filled.
RAW_TEMPLATE = re.compile(r"\{\{|\}\}|\{%|%\}|\{#|%\(\w+\)[sdfr]")
#: Internal codes (``caring_now``, ``hr_admin``): people read labels, exports keep codes.
CODE = re.compile(r"(?<![\w@./-])[a-z][a-z0-9]*(?:_[a-z0-9]+)+(?![\w@./-])")
#: Japanese that belongs on an English page: the language's own name on the switch back.
ALWAYS_ALLOWED = ("日本語",)
#: Data with an English version that an English page must show instead (issue 9, item 15:
#: the demo's surveys carry their English title).
JAPANESE_WITH_ENGLISH = (DEFAULT_TITLE,)
#: axe-core rules for "labels on every input, keyboard reachable, contrast".
AXE_RULES = (
    "label",
    "select-name",
    "aria-input-field-name",
    "form-field-multiple-labels",
    "button-name",
    "link-name",
    "color-contrast",
    "scrollable-region-focusable",
    "tabindex",
    "nested-interactive",
    "aria-hidden-focus",
    "frame-focusable-content",
)

_FOCUSABLE = """() => {
  const selector = 'a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]';
  const seen = [...document.querySelectorAll(selector)].filter(
    (e) => !e.disabled && e.tabIndex >= 0 && e.checkVisibility({visibilityProperty: true}));
  return seen.map((e, i) => {
    e.dataset.kb = String(i);
    return {i, group: e.type === 'radio' ? e.name : '', html: e.outerHTML.slice(0, 160)};
  });
}"""
_FOCUSED = """() => {
  const e = document.activeElement;
  return e && e.dataset.kb !== undefined ? [Number(e.dataset.kb), e.type === 'radio' ? e.name : ''] : null;
}"""


@cache
def translated_runs() -> frozenset[str]:
    """Every Japanese run (2+ characters) of a message the English catalogs translate."""
    runs: set[str] = set()
    for po in ROOT.glob("hrcare/**/translations/en/LC_MESSAGES/messages.po"):
        with po.open("rb") as fh:
            catalog = read_po(fh)
        for message in catalog:
            ids = message.id if isinstance(message.id, tuple) else (message.id,)
            strings = message.string if isinstance(message.string, tuple) else (message.string,)
            if not message.id or not any(strings):
                continue
            for msgid in ids:
                runs.update(r for r in JAPANESE_RUN.findall(msgid) if len(r) >= 2)
    return frozenset(runs)


class Visitor:
    """One person's browser: a fresh context on a 375 px wide phone."""

    def __init__(self, browser: Any, base_url: str) -> None:
        self.context = browser.new_context(
            viewport={"width": PHONE, "height": 800}, base_url=base_url, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.lang = "ja"
        self.console: list[str] = []
        self.page.on("console", self._console)
        self.page.on("pageerror", lambda error: self.console.append(f"page error: {error}"))

    def _console(self, message: Any) -> None:
        if message.type == "error":
            self.console.append(f"console: {message.text} ({message.location.get('url')})")

    def close(self) -> None:
        self.context.close()

    # --- moving around ---------------------------------------------------------------

    def go(self, path: str) -> None:
        response = self.page.goto(path)
        assert response is not None and response.ok, (path, response and response.status)

    def sign_in(self, email: str) -> None:
        self.go("/login")
        self.page.get_by_label(re.compile("メールアドレス|E-mail", re.I)).fill(email)
        self.page.get_by_label(re.compile("パスワード|Password", re.I)).fill(PASSWORD)
        self.click_and_wait(self.page.locator("main form button.primary"))
        assert "/login" not in self.page.url, f"{email} was refused"

    def who(self) -> str:
        """The signed-in person's name in the header (data: it stays as written)."""
        who = self.page.locator("header .who")
        return (who.text_content() or "") if who.count() else ""

    def open_menu(self) -> None:
        """On a phone the header menu folds behind its button; a person opens it."""
        summary = self.page.locator("details.menu > summary")
        if summary.is_visible() and self.page.locator("details.menu[open]").count() == 0:
            summary.click()

    def choose_language(self, lang: str) -> None:
        """The header's language button, as a person would press it."""
        if lang == self.lang:
            return
        self.open_menu()
        self.click_and_wait(self.page.locator(f"header button[name=locale][value={lang}]"))
        self.lang = lang
        assert self.page.locator("html").get_attribute("lang") == lang

    def nav(self, href_end: str) -> None:
        """Follow the header menu's link to the page whose address ends so (any language)."""
        self.open_menu()
        self.click_and_wait(self.page.locator(f"nav.mainnav a[href$='{href_end}']"))

    def click_and_wait(self, locator: Any) -> None:
        with self.page.expect_navigation():
            locator.click()

    # --- looking -----------------------------------------------------------------------

    def look(self, name: str, *, allow: tuple[str, ...] = ()) -> str:
        """Look at the page as it is, at 375 px then 1280 px; return its visible text.

        ``allow``: Japanese that is data and may stand on an English page (a company's name).
        """
        text = self._look_at(name, PHONE, allow)
        self.page.set_viewport_size({"width": DESKTOP, "height": 900})
        try:
            self._look_at(name, DESKTOP, allow)
        finally:
            self.page.set_viewport_size({"width": PHONE, "height": 800})
        return text

    def _look_at(self, name: str, width: int, allow: tuple[str, ...]) -> str:
        page = self.page
        ARTIFACTS.mkdir(exist_ok=True)
        shot = ARTIFACTS / f"{name}-{self.lang}-{width}.png"
        page.screenshot(path=str(shot), full_page=True)
        print(f"screenshot: {shot.relative_to(ROOT)}")
        text = page.inner_text("body") + "\n" + page.title()
        where = f"{name} ({self.lang}, {width} px, {page.url})"
        raw = RAW_TEMPLATE.findall(text)
        assert not raw, f"{where}: raw template syntax on the page: {raw}"
        codes = sorted(set(CODE.findall(text)))
        assert not codes, f"{where}: internal codes shown to people: {codes}"
        if self.lang == "ja":
            assert KANA_KANJI.search(text), f"{where}: no Japanese on a Japanese page"
        else:
            leaks = self.leaks(text, allow)
            assert not leaks, f"{where}: Japanese where the English exists: {leaks}"
        if width == PHONE:
            assert not self.sideways(), (
                f"{where}: {self.sideways()} px of sideways scrolling: {self.sticking_out()}"
            )
            menu = page.locator("details.menu")
            if menu.count() and page.locator("details.menu > summary").is_visible():
                menu.evaluate("(m) => { m.open = true; }")
                wider = self.sideways()
                menu.evaluate("(m) => { m.open = false; }")
                assert not wider, f"{where}: {wider} px of sideways scrolling, menu open"
        problems, self.console[:] = list(self.console), []
        assert not problems, f"{where}: {problems}"
        return text

    def sideways(self) -> int:
        """How far the page scrolls sideways (0: it fits the window)."""
        scroll, inner = self.page.evaluate(
            "[document.scrollingElement.scrollWidth, window.innerWidth]"
        )
        return max(0, int(scroll) - int(inner))

    def sticking_out(self) -> list[str]:
        """The innermost elements that reach past the window's right edge (for the message)."""
        return self.page.evaluate(
            """() => [...document.querySelectorAll('body *')]
              .filter((e) => e.getBoundingClientRect().right > innerWidth + 0.5
                && !e.closest('.table-wrap')
                && ![...e.children].some((c) => c.getBoundingClientRect().right > innerWidth + 0.5))
              .slice(0, 5)
              .map((e) => `${e.tagName.toLowerCase()}.${e.className} ${(e.textContent || '').trim().slice(0, 60)}`)"""
        )

    @staticmethod
    def leaks(text: str, allow: tuple[str, ...] = ()) -> list[str]:
        for data in (*ALWAYS_ALLOWED, *allow):
            text = text.replace(data, " ")
        text = GLOSS.sub(" ", text)
        known = translated_runs()
        found = {run for run in JAPANESE_RUN.findall(text) if run in known}
        return sorted(found | {data for data in JAPANESE_WITH_ENGLISH if data in text})

    # --- accessibility -----------------------------------------------------------------

    def accessibility(self, name: str) -> None:
        """axe-core's label, keyboard and contrast rules, and every control reached by Tab."""
        page = self.page
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async (rules) => await axe.run(document, {runOnly: {type: 'rule', values: rules}})",
            list(AXE_RULES),
        )
        found = [
            f"{v['id']}: {v['help']} — {[n['html'][:120] for n in v['nodes'][:3]]}"
            for v in result["violations"]
        ]
        assert not found, f"{name} ({self.lang}): accessibility violations: {found}"
        assert not self.unreachable_by_keyboard(), (
            f"{name} ({self.lang}): not reachable with Tab: {self.unreachable_by_keyboard()}"
        )

    def unreachable_by_keyboard(self) -> list[str]:
        page = self.page
        controls = page.evaluate(_FOCUSABLE)
        page.evaluate("() => { document.activeElement && document.activeElement.blur(); }")
        page.locator("body").focus()
        reached: set[int] = set()
        groups: set[str] = set()
        for _ in range(len(controls) + 5):
            page.keyboard.press("Tab")
            focused = page.evaluate(_FOCUSED)
            if focused is not None:
                reached.add(focused[0])
                if focused[1]:
                    groups.add(focused[1])
        return [
            c["html"]
            for c in controls
            if c["i"] not in reached and not (c["group"] and c["group"] in groups)
        ]

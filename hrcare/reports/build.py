"""Build one executive report (PDF + workbook) in the requested language.

Used by the background job, the command line and the benchmark, so all three produce the
same document. The language is checked first (a clear message for one that is not offered),
the bundled assets next (a broken install fails loudly before any work).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from flask import current_app
from sqlalchemy.orm import Session

from hrcare.checklists import services as checklists
from hrcare.core.i18n import force_locale
from hrcare.core.pdf import STYLESHEET, check_assets, older_objects_frozen, render_pdf
from hrcare.reports.content import ReportContent, build_content
from hrcare.reports.models import LANGUAGES
from hrcare.reports.tables import cell
from hrcare.reports.workbook import build_workbook
from hrcare.tenants.services import Company


class LanguageNotOffered(ValueError):
    def __init__(self, language: str) -> None:
        super().__init__(
            f"reports are offered in {', '.join(LANGUAGES)}; {language!r} is not one of them"
        )
        self.language = language


@dataclass(frozen=True)
class BuiltReport:
    pdf: bytes
    pages: int
    workbook: bytes
    content: ReportContent


def check_language(language: str) -> str:
    if language not in LANGUAGES:
        raise LanguageNotOffered(language)
    return language


def render_html(content: ReportContent) -> str:
    """The report's HTML (call inside ``force_locale``). No request is needed: the template
    is rendered straight from the Jinja environment, with the translation callables."""
    template = current_app.jinja_env.get_template("reports/executive.html")
    return template.render(c=content, cell=cell, stylesheet=STYLESHEET)


def build_report(
    session: Session,
    company: Company,
    *,
    language: str,
    today: date,
    progress: Callable[[int], None] = lambda _p: None,
) -> BuiltReport:
    check_language(language)
    check_assets()
    # The figures, like the render, set off collections that need to walk only what the build
    # made (``older_objects_frozen``): a full collection of the whole process costs ~0.1 s.
    with force_locale(language), older_objects_frozen():
        content = build_content(session, company, language=language, today=today)
        progress(30)
        html = render_html(content)
        progress(40)
        pdf, pages = render_pdf(html)
        progress(90)
        workbook = build_workbook(content)
    return BuiltReport(pdf, pages, workbook, content)


def build_ledger_pdf(session: Session, company: Company, *, language: str, today: date) -> bytes:
    """The plan and the legal-duty ledger (checklists) as a PDF, through the same renderer as
    the executive report: bundled font and stylesheet only, in the reader's language."""
    check_language(language)
    with force_locale(language):
        template = current_app.jinja_env.get_template("reports/ledger.html")
        html = template.render(
            data=checklists.ledger_data(session, company, today),
            company=company,
            language=language,
            stylesheet=STYLESHEET,
            **checklists.template_labels(),
        )
        pdf, _pages = render_pdf(html)
    return pdf

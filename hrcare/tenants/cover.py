"""The text on the cover of a company's executive report (issue 14, hub templates).

A hub writes it in its template and a client's HR admins may replace it with their own; the
hubs feature keeps both and provides the text in force through the hook ``REPORT_COVER``.
The reports feature sits below hubs in the layers, so it reads the text here, from the
company's tenant feature, and never imports hubs (``core.hooks``: no import goes upwards).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from hrcare.core import hooks
from hrcare.tenants.models import Company

#: Provided by ``hrcare.hubs.inherit``: (session, company, language) → the text, or "".
REPORT_COVER = "hubs.report_cover"


def report_cover(session: Session, company: Company, language: str) -> str:
    """The cover text in force for ``company`` in ``language``: its own override, else its
    hub's template (the English text falls back to the Japanese); empty when neither is set
    or the company has no hub. Company-controlled text: escape it where it is shown."""
    return str(hooks.call(REPORT_COVER, session, company, language) or "")

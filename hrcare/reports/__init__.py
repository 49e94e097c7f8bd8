"""Executive reports: the PDF (and Excel workbook) executives take to the board.

``content`` decides what the report says from the loss services and the published survey
figures (``sources``: one adapter), ``charts`` draws SVG, ``pdf`` renders with WeasyPrint
fetching bundled assets only, ``build`` ties them together for the job (``tasks``), the
command line (``cli``) and the benchmark; ``services`` requests reports (one per distinct
set of inputs) and stores them in the file store; ``views`` shows progress and history.
"""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import EXEC, HR, HUB, roles

FEATURE = Feature(
    name="reports",
    blueprints=("hrcare.reports.views",),
    models=("hrcare.reports.models",),
    commands=("hrcare.reports.cli",),
    policy={
        # --- reports ---
        # Whoever may see a company's aggregates may build and download its reports; a hub
        # operator reaches its client companies only, and its own batches only.
        "reports.index": {"GET": roles(HR, EXEC, HUB)},
        # The ledger names employees (age-40 entries): HR only, like its printable page.
        "reports.ledger_pdf": {"GET": roles(HR)},
        "reports.generate": {"POST": roles(HR, EXEC, HUB)},
        "reports.show": {"GET": roles(HR, EXEC, HUB)},
        "reports.download": {"GET": roles(HR, EXEC, HUB)},
        "report_batches.batch_create": {"POST": roles(HUB)},
        "report_batches.batch_show": {"GET": roles(HUB)},
        "report_batches.batch_download": {"GET": roles(HUB)},
    },
    navigation=(NavItem("reports.index", _l("レポート"), order=80),),
)

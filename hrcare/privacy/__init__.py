"""Privacy: deletion on request (purge one employee's care data), retention, audit of reads.

Cross-cutting by nature: the purge and the retention job delete rows of several features
(consultations, the ledger, reports, job runs) and must see all of them in one place to be
reviewed as one rule. It therefore reads those features' models directly (the one exception
to the ``feature-api`` contract, see ``pyproject.toml``) and sits above them in the layers.
"""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.policy import HR, HUB, roles, rw

FEATURE = Feature(
    name="privacy",
    blueprints=("hrcare.privacy.views", "hrcare.privacy.company_views"),
    models=("hrcare.privacy.models",),
    commands=("hrcare.privacy.cli",),
    policy={
        # GET: the confirmation with what would be removed (counts only); POST: the purge.
        "privacy.purge_employee": rw(roles(HR)),
        "privacy.settings": rw(roles(HR)),
        # Deleting a whole company's data (typed slug): its HR admin; the hub operator of a
        # client it manages (else 404) once the hand-over export was taken (privacy.company).
        "privacy_company.company_delete": rw(roles(HR)),
        "privacy_company.hub_delete": rw(roles(HUB)),
    },
)

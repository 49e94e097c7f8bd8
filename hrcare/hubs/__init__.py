"""The SME hub console: one operator's view over the client companies its hub manages.

``services`` builds the clients table (stored results only, a constant number of statements);
``clients`` onboards, opens waves for several clients and lets a client leave; ``inherit``
holds the templates clients inherit; ``effect``/``hub_reports`` the 効果検証 page and PDF;
``pooled`` the benchmarks and the stored pools the pages read; ``pool_publish`` the hub job
that audits and stores a new pool; ``offboard`` the hand-over archive.
"""

from __future__ import annotations

from hrcare.core.features import Feature
from hrcare.core.i18n import _l
from hrcare.core.navigation import NavItem
from hrcare.core.policy import EXEC, HR, HUB, roles, rw

FEATURE = Feature(
    name="hubs",
    blueprints=("hrcare.hubs.views", "hrcare.hubs.template_views", "hrcare.hubs.pooled_views"),
    models=("hrcare.hubs.models",),
    policy={
        # --- hubs (the hub console) ---
        # A hub member's own hub only (the views answer 404 without a hub in force), and on a
        # client only one its hub manages (else 404); batches are all or none.
        "hubs.dashboard": {"GET": roles(HUB)},
        "hubs.export": {"GET": roles(HUB)},
        "hubs.refresh_estimates": {"POST": roles(HUB)},
        "hubs.onboard": rw(roles(HUB)),
        "hubs.roster_upload": rw(roles(HUB)),
        "hubs.roster_preview": {"GET": roles(HUB)},
        "hubs.roster_commit": {"POST": roles(HUB)},
        "hubs.open_waves": {"POST": roles(HUB)},
        "hubs.leave": rw(roles(HUB)),
        "hubs.client_export": {"POST": roles(HUB)},  # aggregates only; audited in the client
        "hubs.effect_page": {"GET": roles(HUB)},
        "hubs.effect_report": {"POST": roles(HUB)},
        "hubs.effect_report_show": {"GET": roles(HUB)},  # the hub's own reports only, else 404
        "hubs.benchmarks_page": {"GET": roles(HUB)},
        "hubs.publish_pool": {"POST": roles(HUB)},  # audited jointly, stored, never removed
        "hubs.template": rw(roles(HUB)),
        "hubs.directory_add": {"POST": roles(HUB)},
        "hubs.directory_delete": {"POST": roles(HUB)},  # the hub's own entries only, else 404
        # A client's HR admins: what the company inherits from its hub, and its overrides.
        "hub_template.client_template": rw(roles(HR)),
        # Its own released figures beside its hub's stored pool (404 outside a hub; a hub
        # member only in a client its hub manages, else 404).
        "hub_pool.company_benchmarks": {"GET": roles(HR, EXEC, HUB)},
    },
    navigation=(NavItem("hubs.dashboard", _l("支援先企業"), company_scoped=False, order=20),),
)

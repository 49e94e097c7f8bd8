"""Phone layout: the header folds into one menu button, numbers never break, bars in theme."""

from __future__ import annotations

import re

from hrcare.core.roles import Role
from tests.conftest import sign_in


def test_header_menu_folds_behind_one_button(client, tenant_a) -> None:
    sign_in(client, tenant_a.users[Role.HR_ADMIN])
    html = client.get(f"/c/{tenant_a.slug}/").get_data(as_text=True)
    header = html[html.index('<header class="topbar">') : html.index("</header>")]
    # Everything but the brand is inside one <details>, whose <summary> is the menu button.
    assert '<details class="menu">' in header and "<summary>メニュー</summary>" in header
    assert header.index("<details") < header.index('class="mainnav"') < header.index("</details>")
    assert "<script" not in html  # no script: folded on phones, always shown when wide (CSS)


def test_stylesheet_keeps_numbers_whole_and_bars_on_theme(client) -> None:
    css = client.get("/static/app.css").get_data(as_text=True)
    nowrap = " ".join(re.findall(r"([^{}]*)\{\s*white-space:nowrap;\s*\}", css))
    assert "td.num" in nowrap and ".stat .value" in nowrap
    assert re.search(r"progress::-webkit-progress-value\s*\{[^}]*var\(--brand\)", css)
    assert re.search(
        r"@media \(max-width: 40rem\)[\s\S]*\.menu > summary \{ display:inline-block", css
    )

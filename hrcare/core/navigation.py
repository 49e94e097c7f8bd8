"""The navigation bar: one list, filtered by the policy for the roles of the actor in the
place in force (the company in the URL, else the place chosen in the header)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, url_for

from hrcare.core.actor import current_actor
from hrcare.core.i18n import _l


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string
    company_scoped: bool = True


NAV: tuple[NavItem, ...] = (
    NavItem("tenants.admin_index", _l("テナント管理"), company_scoped=False),
    NavItem("hubs.dashboard", _l("支援先企業"), company_scoped=False),
    NavItem("dashboard.company", _l("ホーム")),
    NavItem("roster.index", _l("従業員名簿")),
    NavItem("surveys.index", _l("アンケート")),
    NavItem("survey_results.index", _l("調査結果")),
    NavItem("loss.index", _l("経済損失")),
    NavItem("reports.index", _l("レポート")),
    NavItem("checklists.index", _l("取組計画")),
    NavItem("duties.index", _l("法定対応")),
    NavItem("desk.inbox", _l("相談窓口")),
    NavItem("consultations.mine", _l("相談する")),
    NavItem("desk.overview", _l("相談の状況")),
    NavItem("tenants.company_users", _l("アカウント")),
    NavItem("tenants.company_settings", _l("企業設定")),
    NavItem("auth.change_password", _l("パスワード変更"), company_scoped=False),
)


@dataclass(frozen=True)
class NavLink:
    url: str
    label: str
    endpoint: str


def nav_links() -> list[NavLink]:
    actor = current_actor()
    if actor is None:
        return []
    company = g.get("company")
    slug = company.slug if company is not None else actor.company_slug
    links = []
    for item in NAV:
        if item.endpoint not in current_app.view_functions:
            continue
        if not actor.can(item.endpoint):
            continue
        if item.company_scoped:
            if slug is None:
                continue
            url = url_for(item.endpoint, company=slug)
        else:
            url = url_for(item.endpoint)
        links.append(NavLink(url=url, label=str(item.label), endpoint=item.endpoint))
    return links


def install_navigation(app: Flask) -> None:
    app.jinja_env.globals["nav_links"] = nav_links

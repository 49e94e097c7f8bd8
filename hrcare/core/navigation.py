"""The navigation bar: one list, filtered by the policy for the signed-in role."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Flask, current_app, g, url_for
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from hrcare.core.policy import is_allowed


@dataclass(frozen=True)
class NavItem:
    endpoint: str
    label: object  # a lazy string
    company_scoped: bool = True


NAV: tuple[NavItem, ...] = (
    NavItem("tenants.admin_index", _l("テナント管理"), company_scoped=False),
    NavItem("tenants.hub_home", _l("支援先企業"), company_scoped=False),
    NavItem("dashboard.company", _l("ホーム")),
    NavItem("roster.index", _l("従業員名簿")),
    NavItem("surveys.index", _l("アンケート")),
    NavItem("survey_results.index", _l("調査結果")),
    NavItem("loss.index", _l("経済損失")),
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
    if not current_user.is_authenticated:
        return []
    company = g.get("company")
    if company is None and current_user.company_id is not None:
        company = current_user.company
    links = []
    for item in NAV:
        if item.endpoint not in current_app.view_functions:
            continue
        if not is_allowed(item.endpoint, current_user.role):
            continue
        if item.company_scoped:
            if company is None:
                continue
            url = url_for(item.endpoint, company=company.slug)
        else:
            url = url_for(item.endpoint)
        links.append(NavLink(url=url, label=str(item.label), endpoint=item.endpoint))
    return links


def install_navigation(app: Flask) -> None:
    app.jinja_env.globals["nav_links"] = nav_links

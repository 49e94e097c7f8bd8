"""Tenant commands: the first platform admin, hubs, companies, accounts.

Every command validates everything, writes, and commits once at the end; a refused command
prints the reason on stderr and exits with status 2 without writing anything. Messages are in
the configured default language (the command line has no browser to choose one).
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click
from flask import current_app
from flask.cli import AppGroup, with_appcontext

from hrcare.auth import services as auth_services
from hrcare.auth.services import hash_password, password_problem
from hrcare.core.i18n import _, force_locale
from hrcare.core.roles import COMPANY_ROLES, HUB_ROLES, Role
from hrcare.extensions import db
from hrcare.tenants import services
from hrcare.tenants.models import Company, Hub
from hrcare.tenants.services import TenantError

USAGE_ERROR = 2


def fail(message: object) -> NoReturn:
    """Print why on stderr and stop with status 2; nothing was committed."""
    db.session.rollback()
    click.echo(str(message), err=True)
    click.get_current_context().exit(USAGE_ERROR)


def command_locale(func: Callable[..., Any]) -> Callable[..., Any]:
    """Render messages in the default locale and turn refused changes into status 2."""

    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        with force_locale(current_app.extensions["hrcare.settings"].default_locale):
            try:
                return func(*args, **kwargs)
            except TenantError as error:
                fail(error)

    return wrapper


def _read_password(email: str) -> str:
    password = sys.stdin.readline().rstrip("\r\n")
    problem = password_problem(password, email=email)
    if problem:
        fail(problem)
    return password


def _place(
    role: Role, company_slug: str | None, hub_slug: str | None
) -> tuple[Company | None, Hub | None]:
    """The company or hub named for ``role``; a place the role cannot have stops here."""
    if company_slug and hub_slug:
        fail(_("--company と --hub は同時に指定できません。"))
    company = services.company_by_slug(db.session, company_slug) if company_slug else None
    hub = services.hub_by_slug(db.session, hub_slug) if hub_slug else None
    if role == Role.PLATFORM_ADMIN and (company or hub):
        fail(_("プラットフォーム管理者には企業もハブも指定できません。"))
    if role in HUB_ROLES and company is not None:
        fail(_("ハブ運営者には --hub でハブを指定してください。"))
    if role in COMPANY_ROLES and hub is not None:
        fail(_("企業のアカウントには --company で企業を指定してください。"))
    return company, hub


def _create_account(
    *,
    email: str,
    role: Role,
    name: str,
    company_slug: str | None,
    hub_slug: str | None,
    password_stdin: bool,
) -> None:
    company, hub = _place(role, company_slug, hub_slug)
    password_hash = hash_password(_read_password(email)) if password_stdin else None
    user = services.create_user(
        db.session,
        email=email,
        role=role,
        name=name,
        company=company,
        hub=hub,
        password_hash=password_hash,
    )
    link = None if password_hash else auth_services.invitation_url(user)
    db.session.commit()
    click.echo(f"created {role.value} {user.email} (id {user.id})")
    if link:
        click.echo(f"invitation: {link}")


@click.command("create-admin")
@click.option("--email", required=True, help="E-mail address of the platform admin.")
@click.option("--name", default="", help="Display name.")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@with_appcontext
@command_locale
def create_admin(email: str, name: str, password_stdin: bool) -> None:
    """Create a platform admin; without a password, print an invitation link."""
    _create_account(
        email=email,
        role=Role.PLATFORM_ADMIN,
        name=name,
        company_slug=None,
        hub_slug=None,
        password_stdin=password_stdin,
    )


hub_cli = AppGroup("hub", help="ハブ（中小企業両立支援ハブ）")


@hub_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@command_locale
def hub_create(slug: str, name: str) -> None:
    """Create a hub."""
    hub = services.create_hub(db.session, slug=slug, name=name)
    db.session.commit()
    click.echo(f"created hub {hub.slug}")


@hub_cli.command("list")
@command_locale
def hub_list() -> None:
    """List hubs: slug, name, number of client companies."""
    for hub in services.all_hubs(db.session):
        click.echo(f"{hub.slug}\t{hub.name}\t{len(hub.companies)}")


company_cli = AppGroup("company", help="企業（テナント）")


@company_cli.command("create")
@click.argument("slug")
@click.option("--name", required=True)
@click.option("--hub", "hub_slug", default=None, help="Slug of the hub supporting the company.")
@command_locale
def company_create(slug: str, name: str, hub_slug: str | None) -> None:
    """Create a company, optionally supported by a hub."""
    hub = services.hub_by_slug(db.session, hub_slug) if hub_slug else None
    company = services.create_company(db.session, slug=slug, name=name, hub=hub)
    db.session.commit()
    click.echo(f"created company {company.slug}")


@company_cli.command("list")
@command_locale
def company_list() -> None:
    """List companies: slug, name, hub slug, current employees."""
    for row in services.company_rows(db.session):
        hub = row.company.hub.slug if row.company.hub else "-"
        click.echo(f"{row.company.slug}\t{row.company.name}\t{hub}\t{row.employees}")


user_cli = AppGroup("user", help="アカウント")


@user_cli.command("create")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--company", "company_slug", default=None, help="Company slug (company roles).")
@click.option("--hub", "hub_slug", default=None, help="Hub slug (hub operators).")
@click.option("--name", default="")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from the first line of stdin."
)
@command_locale
def user_create(
    email: str,
    role: str,
    company_slug: str | None,
    hub_slug: str | None,
    name: str,
    password_stdin: bool,
) -> None:
    """Create an account; without a password, print an invitation link."""
    _create_account(
        email=email,
        role=Role(role),
        name=name,
        company_slug=company_slug,
        hub_slug=hub_slug,
        password_stdin=password_stdin,
    )


@user_cli.command("add-role")
@click.option("--email", required=True)
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--company", "company_slug", default=None, help="Company slug (company roles).")
@click.option("--hub", "hub_slug", default=None, help="Hub slug (hub roles).")
@command_locale
def user_add_role(email: str, role: str, company_slug: str | None, hub_slug: str | None) -> None:
    """Give an existing account another role (a hub consultant's client: consultation_staff
    with --company, allowed only for a client of its hub)."""
    wanted = Role(role)
    company, hub = _place(wanted, company_slug, hub_slug)
    user = auth_services.find_user_by_email(db.session, email)
    if user is None:
        fail(_("メールアドレス「%(email)s」のアカウントはありません。", email=email))
    consultant = any(m.role == Role.HUB_CONSULTANT for m in user.memberships)
    if wanted == Role.CONSULTATION_STAFF and consultant and company is not None:
        services.assign_hub_consultant(db.session, consultant=user, company=company)
    else:
        services.add_membership(db.session, user=user, role=wanted, company=company, hub=hub)
    db.session.commit()
    click.echo(f"added {wanted.value} to {user.email}")


COMMANDS = (create_admin, hub_cli, company_cli, user_cli)

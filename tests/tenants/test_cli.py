"""Tenant commands: exit 0 and one commit on success; exit 2, a message, nothing written on error."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from hrcare.auth.models import User
from hrcare.auth.passwords import verify_password
from hrcare.core.roles import Role
from hrcare.extensions import db
from hrcare.tenants.models import Company, Hub
from tests.conftest import Tenant, held
from tests.tenants.conftest import user_by_email

PASSWORD = "Ryoritsu-shien-2025"


@pytest.fixture
def cli(app):
    runner = app.test_cli_runner()

    def _run(*args: str, input: str | None = None):
        return runner.invoke(args=list(args), input=input)

    return _run


def _count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def test_hub_create_and_list(cli) -> None:
    result = cli("hub", "create", "tokai-hub", "--name", "東海ハブ")
    assert result.exit_code == 0, result.output
    hub = db.session.scalars(select(Hub).where(Hub.slug == "tokai-hub")).one()
    assert hub.name == "東海ハブ"
    listing = cli("hub", "list")
    assert listing.exit_code == 0 and "tokai-hub\t東海ハブ\t0" in listing.stdout


@pytest.mark.parametrize("slug", ["Tokai", "tokai_hub", "t", "x-", "東海"])
def test_hub_create_refuses_bad_slug(cli, slug: str) -> None:
    before = _count(Hub)
    result = cli("hub", "create", slug, "--name", "東海ハブ")
    assert result.exit_code == 2
    assert "識別子" in result.stderr and result.stdout == ""
    assert _count(Hub) == before


def test_company_create_with_hub_and_list(cli, make_employee) -> None:
    assert cli("hub", "create", "tokai-hub", "--name", "東海ハブ").exit_code == 0
    result = cli("company", "create", "sakura", "--name", "さくら工業", "--hub", "tokai-hub")
    assert result.exit_code == 0, result.output
    company = db.session.scalars(select(Company).where(Company.slug == "sakura")).one()
    assert company.hub.slug == "tokai-hub"
    make_employee(company)
    make_employee(company)
    assert cli("company", "create", "solo", "--name", "独立商事").exit_code == 0
    listing = cli("company", "list").stdout.splitlines()
    assert "sakura\tさくら工業\ttokai-hub\t2" in listing
    assert "solo\t独立商事\t-\t0" in listing


def test_company_create_with_unknown_hub_writes_nothing(cli) -> None:
    result = cli("company", "create", "sakura", "--name", "さくら工業", "--hub", "no-such-hub")
    assert result.exit_code == 2
    assert "no-such-hub" in result.stderr
    assert db.session.scalars(select(Company).where(Company.slug == "sakura")).first() is None


def test_create_admin_with_password_from_stdin(cli) -> None:
    result = cli(
        "create-admin",
        "--email",
        "Root@Example.jp",
        "--name",
        "管理者",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = user_by_email("root@example.jp")
    assert held(user) == [("platform_admin", None, None)] and user.name == "管理者"
    assert verify_password(user.password_hash, PASSWORD)
    assert "invitation" not in result.stdout


def test_create_admin_without_password_prints_invitation_link(cli) -> None:
    result = cli("create-admin", "--email", "root@example.jp")
    assert result.exit_code == 0, result.output
    assert "/invitation/" in result.stdout
    assert user_by_email("root@example.jp").password_hash is None


@pytest.mark.parametrize("password", ["short", "password1234", "aaaaaaaaaaaaaaaa"])
def test_create_admin_refuses_weak_password(cli, password: str) -> None:
    result = cli(
        "create-admin", "--email", "root@example.jp", "--password-stdin", input=password + "\n"
    )
    assert result.exit_code == 2
    assert "パスワード" in result.stderr
    assert user_by_email("root@example.jp") is None


def test_user_create_for_company_and_hub(cli, tenant_a: Tenant) -> None:
    db.session.commit()  # keep the tenant through the commands' own commits and rollbacks
    result = cli(
        "user",
        "create",
        "--email",
        "hr2@a.example.jp",
        "--role",
        "hr_admin",
        "--company",
        tenant_a.slug,
        "--name",
        "人事 二郎",
        "--password-stdin",
        input=PASSWORD + "\n",
    )
    assert result.exit_code == 0, result.output
    user = user_by_email("hr2@a.example.jp")
    assert held(user) == [("hr_admin", tenant_a.company.id, None)]
    result = cli(
        "user",
        "create",
        "--email",
        "op2@hub.example.jp",
        "--role",
        "hub_operator",
        "--hub",
        tenant_a.hub.slug,
    )
    assert result.exit_code == 0, result.output
    assert "/invitation/" in result.stdout
    assert held(user_by_email("op2@hub.example.jp")) == [("hub_operator", None, tenant_a.hub.id)]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--role", "hr_admin"], "企業"),
        (["--role", "hub_operator"], "ハブ"),
        (["--role", "hr_admin", "--company", "co-a", "--hub", "hub-a"], "同時に指定できません"),
        (["--role", "hr_admin", "--company", "no-such-company"], "no-such-company"),
        (["--role", "hub_operator", "--company", "co-a"], "--hub"),
        (["--role", "employee", "--hub", "hub-a"], "--company"),
        (["--role", "platform_admin", "--company", "co-a"], "プラットフォーム管理者"),
    ],
)
def test_user_create_errors_write_nothing(
    cli, tenant_a: Tenant, args: list[str], message: str
) -> None:
    db.session.commit()
    before = _count(User)
    result = cli("user", "create", "--email", "new@a.example.jp", *args)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert _count(User) == before


def test_user_create_refuses_duplicate_email_and_bad_role(cli, tenant_a: Tenant) -> None:
    db.session.commit()
    existing = tenant_a.users[next(iter(tenant_a.users))].email
    result = cli(
        "user", "create", "--email", existing, "--role", "employee", "--company", tenant_a.slug
    )
    assert result.exit_code == 2 and "既にあります" in result.stderr
    result = cli(
        "user", "create", "--email", "x@a.example.jp", "--role", "root", "--company", tenant_a.slug
    )
    assert result.exit_code == 2  # click's own usage error
    assert user_by_email("x@a.example.jp") is None


def test_user_create_refuses_malformed_email(cli, tenant_a: Tenant) -> None:
    db.session.commit()
    result = cli(
        "user",
        "create",
        "--email",
        "not an email",
        "--role",
        "employee",
        "--company",
        tenant_a.slug,
    )
    assert result.exit_code == 2 and "メールアドレス" in result.stderr
    assert user_by_email("not an email") is None


def test_user_add_role(cli, tenant_a: Tenant, tenant_b: Tenant) -> None:
    db.session.commit()  # keep the tenants through the commands' own commits and rollbacks
    hr = tenant_a.users[Role.HR_ADMIN]
    result = cli(
        "user", "add-role", "--email", hr.email, "--role", "consultation_staff",
        "--company", tenant_a.slug,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert held(hr) == [
        ("hr_admin", tenant_a.company.id, None),
        ("consultation_staff", tenant_a.company.id, None),
    ]
    # A hub consultant is assigned only to clients of its hub; refused: status 2, no change.
    consultant = tenant_a.users[Role.HUB_CONSULTANT]
    refused = cli(
        "user", "add-role", "--email", consultant.email, "--role", "consultation_staff",
        "--company", tenant_b.slug,
    )  # fmt: skip
    assert refused.exit_code == 2 and "支援先ではありません" in refused.stderr
    assert held(consultant) == [("hub_consultant", None, tenant_a.hub.id)]
    unknown = cli("user", "add-role", "--email", "nobody@x.jp", "--role", "employee",
                  "--company", tenant_a.slug)  # fmt: skip
    assert unknown.exit_code == 2 and "アカウントはありません" in unknown.stderr

"""The newcomer's path: every demo account signs in with the printed password and lands on a
page fit for its role (issue 2, "Done when")."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from hrcare.demo import loader
from hrcare.demo.generator import generate
from hrcare.extensions import db

# What each role's landing page must show (and the platform admin must never see answers).
LANDING = {
    "platform_admin": ("テナント管理",),
    "hub_operator": ("支援先企業",),
    # Assigned to two clients: lands on the first one's desk, can switch to the other.
    "hub_consultant": ("相談窓口", "作業する場所"),
    "hr_admin": (
        "仕事と介護の両立困難による経済損失（年間・推計）",
        "実態把握アンケート",
        "従業員名簿",
    ),
    "executive": ("仕事と介護の両立困難による経済損失（年間・推計）", "調査結果"),
    "consultation_staff": ("相談窓口",),
    "employee": ("地域包括支援センター",),
}


@pytest.fixture
def demo(app) -> list[loader.Credential]:  # type: ignore[no-untyped-def]
    loader.load(db.session, generate(seed=5, today=date(2026, 11, 26), scale=0.03))
    db.session.flush()
    return loader.credentials(db.session)


def test_every_demo_role_signs_in_and_lands_on_its_page(client, demo) -> None:  # type: ignore[no-untyped-def]
    seen = set()
    for credential in demo:
        client.post("/logout")
        response = client.post(
            "/login",
            data={"email": credential.email, "password": loader.DEMO_PASSWORD},
            follow_redirects=True,
        )
        html = response.get_data(as_text=True)
        assert response.status_code == 200, credential.email
        for text in LANDING[credential.role]:
            assert text in html, (credential.role, text)
        assert "ログアウト" in html
        seen.add(credential.role)
    assert seen == set(LANDING)


def test_small_company_hr_admin_is_also_its_consultation_desk(client, demo) -> None:  # type: ignore[no-untyped-def]
    small = next(c for c in demo if c.role == "hr_admin" and len(c.held) == 2)
    assert [role for role, _ in small.held] == ["hr_admin", "consultation_staff"]
    response = client.post(
        "/login",
        data={"email": small.email, "password": loader.DEMO_PASSWORD},
        follow_redirects=True,
    )
    html = response.get_data(as_text=True)
    # Both roles in one place: the HR panels and the consultation desk panel on one page.
    assert "従業員名簿" in html and "相談窓口" in html and "実態把握アンケート" in html


def _readme_accounts() -> list[str]:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    table = readme.split("### Demo accounts", 1)[1].split("\n\n", 2)[1]
    return re.findall(r"^\|[^|]+\|\s*([\w.+-]+@[\w.-]+)\s*\|", table, flags=re.MULTILINE)


def test_every_account_the_readme_lists_signs_in(client, demo) -> None:  # type: ignore[no-untyped-def]
    listed = _readme_accounts()
    assert len(listed) == len(LANDING)
    for email in listed:
        client.post("/logout")
        response = client.post("/login", data={"email": email, "password": loader.DEMO_PASSWORD})
        assert response.status_code == 302, email  # a refused sign-in shows the form again

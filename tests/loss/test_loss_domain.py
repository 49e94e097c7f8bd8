"""The demo companies' loss pages recomputed from the formulas printed on them (issue 10,
"Done when"): every component equals its printed inputs multiplied out, the components add
up to the printed total, and a page resting on few caregivers says so with a range."""

from __future__ import annotations

import math
import re
from datetime import date
from html import unescape

import pytest
from sqlalchemy import select

from hrcare.auth.models import Membership, User
from hrcare.core.roles import Role
from hrcare.demo import loader
from hrcare.demo.generator import COMPANIES, generate
from hrcare.extensions import db
from hrcare.loss import services
from hrcare.loss.explain import FEW_CAREGIVERS
from hrcare.roster.models import Employee
from hrcare.tenants.models import Company
from tests.conftest import sign_in

ROW = re.compile(
    r'<tr data-formula="(?P<key>[a-z_]+)"><th scope="row">[^<]*</th><td>[^<]*</td>'
    r'<td class="loss-expression">(?P<expr>[^<]*)</td><td class="num">(?P<amount>[^<]*)</td></tr>'
)
FACTOR = re.compile(r"(¥[\d,]+|[\d,]+(?:\.\d+)?(?:人|%)?)")


def number(token: str) -> tuple[float, float]:
    """A printed factor as (value, half of its last printed digit): the rounding it carries."""
    digits = token.replace("¥", "").replace(",", "").replace("人", "").replace("%", "")
    decimals = len(digits.partition(".")[2])
    value, half = float(digits), 0.5 * 10**-decimals
    if token.endswith("%"):
        value, half = value / 100, half / 100
    return value, half


def recompute(expression: str) -> tuple[float, float]:
    """The product of the printed factors and its rounding tolerance (relative errors add)."""
    factors = [number(t) for t in FACTOR.findall(expression.split("=")[0])]
    product = math.prod(v for v, _h in factors)
    relative = sum(h / v for v, h in factors if v)
    return product, abs(product) * relative + 1.0


def yen(text: str) -> int:
    return int(text.replace("¥", "").replace(",", ""))


def hr_admin(company: Company) -> User:
    return db.session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(Membership.company_id == company.id, Membership.role == Role.HR_ADMIN.value)
    ).first()


@pytest.fixture
def demo(app):  # type: ignore[no-untyped-def]
    loader.load(db.session, generate(seed=5, today=date(2026, 11, 26)))
    db.session.flush()


@pytest.mark.parametrize("slug", [spec.slug for spec in COMPANIES])
def test_demo_loss_page_recomputes_from_its_formulas(client, demo, slug) -> None:  # type: ignore[no-untyped-def]
    company = db.session.scalars(select(Company).where(Company.slug == slug)).one()
    hr = hr_admin(company)
    sign_in(client, hr)
    html = unescape(client.get(f"/c/{slug}/loss/").get_data(as_text=True))
    rows = {m["key"]: m for m in ROW.finditer(html)}
    assert set(rows) == {
        "leavers",
        "productivity_loss_yen",
        "separation_labour_loss_yen",
        "training_cost_loss_yen",
        "replacement_cost_yen",
    }, slug
    total = 0
    for key, row in rows.items():
        if key == "leavers":
            left, _eq, right = row["expr"].partition("=")
            product, tolerance = recompute(left)
            leavers, half = number(right.strip())
            assert abs(product - leavers) <= tolerance + half, (slug, row["expr"])
            continue
        product, tolerance = recompute(row["expr"])
        amount = yen(row["amount"])
        assert abs(product - amount) <= tolerance, (slug, key, row["expr"], amount)
        total += amount
    printed_total = re.search(
        r'<tr class="loss-total"><th scope="row">合計</th><td>4項目の合計</td><td></td>'
        r'<td class="num">([^<]+)</td>',
        html,
    )
    assert printed_total is not None and yen(printed_total.group(1)) == total
    # The component table shows the same amounts.
    for key in ("productivity_loss_yen", "replacement_cost_yen"):
        assert rows[key]["amount"] in html.split('id="formulas"')[0]
    estimate = services.company_estimate(db.session, company, today=date(2026, 11, 26))
    assert estimate.result.to_dict()["total_yen"] == total
    observed = estimate.result.caregivers_observed
    if estimate.basis == "survey" and observed is not None and observed < FEW_CAREGIVERS:
        assert "loss-few-answers" in html and "95%信頼区間" in html
        low, high = estimate.few_answers_range
        assert low <= total <= high
    else:
        assert "loss-few-answers" not in html
    # No internal codes, one term for the loss, the outlook's two assumptions stated.
    assert "meti-2030" not in html and "caring_now" not in html
    assert "仕事と介護の両立困難による経済損失" in html
    if estimate.outlook is not None:
        assert "仮定1（始まる介護）" in html and "仮定2（終わる介護）" in html
        assert "生命保険に関する全国実態調査" in html


def test_english_loss_page_has_no_japanese(client, demo) -> None:  # type: ignore[no-untyped-def]
    from flask_babel import refresh

    company = db.session.scalars(select(Company).where(Company.slug == "demo-mid")).one()
    hr = hr_admin(company)
    sign_in(client, hr)
    client.post("/language", data={"locale": "en", "next": "/"})
    refresh()
    html = unescape(client.get("/c/demo-mid/loss/").get_data(as_text=True))
    text = re.sub(r"<[^>]+>", "\n", html)
    # Data people typed stays as typed: department names, the user's and company's names,
    # and the language switch's own 日本語.
    departments = set(
        db.session.scalars(select(Employee.department).where(Employee.company_id == company.id))
    ) | {hr.name, company.name, "日本語"}
    japanese = sorted(
        {
            line.strip()
            for line in text.split("\n")
            if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", line) and line.strip() not in departments
        }
    )
    assert japanese == []
    assert "¥" in html and "万円" not in html  # chart captions and amounts in English units

"""Employee pages work on a 375-px-wide phone without JavaScript: viewport, no fixed widths,
no inline styles or scripts (CSP), native controls only."""

from __future__ import annotations

import re
from pathlib import Path

import hrcare
from tests.surveys.conftest import NON_CAREGIVER_PAGES, answer_all, consent

CSS = Path(hrcare.__file__).parent / "static" / "app.css"
PHONE_WIDTH_PX = 375


def survey_css() -> str:
    """This feature's block of app.css: from its marker to the next feature's marker."""
    text = CSS.read_text(encoding="utf-8")
    start = text.index("/* --- surveys: administration")
    end = text.find("/* ---", start + 1)
    return text[start : end if end != -1 else len(text)]


def assert_phone_friendly(html: str) -> None:
    assert '<meta name="viewport" content="width=device-width, initial-scale=1">' in html
    assert " style=" not in html and "<script" not in html
    assert not re.search(r'\swidth="\d+', html)


def test_every_employee_page_is_phone_friendly(client, token, tenant_a) -> None:
    pages = [client.get(f"/s/{token}", follow_redirects=True).get_data(as_text=True)]
    consent(client, token)
    client.post("/s/answer?p=now", data={"caring_now": "yes", "nav": "next"})
    client.post(
        "/s/answer?p=relatives",
        data={
            "dependent_count": "3_plus",
            "parents_75_plus": "0",
            "parents_far": "none",
            "nav": "next",
        },
    )
    for key in ("now", "relatives", "care"):
        pages.append(client.get(f"/s/answer?p={key}").get_data(as_text=True))
    client.post(
        "/s/answer?p=care",
        data={
            "balancing_status": "managing",
            "performance": "5",
            "care_hours": "under_5",
            "care_leave_days": "0",
            "nav": "next",
        },
    )
    dependents = client.get("/s/answer?p=dependents").get_data(as_text=True)
    assert dependents.count('<fieldset class="dependent">') == 3
    pages.append(dependents)
    client.post("/s/answer?p=now", data={"caring_now": "no", "nav": "next"})
    answer_all(client, token, NON_CAREGIVER_PAGES)
    pages.append(client.get("/s/thanks").get_data(as_text=True))
    pages.append(client.get(f"/s/consult/{tenant_a.slug}").get_data(as_text=True))
    for html in pages:
        assert_phone_friendly(html)


def test_survey_css_has_no_width_wider_than_a_phone() -> None:
    """``width``/``min-width`` never exceed a phone; ``max-width`` (a cap) may."""
    css = survey_css()
    for value, unit in re.findall(r"(?<![\w-])(?:min-)?width\s*:\s*([\d.]+)(px|rem|em)", css):
        px = float(value) * (16 if unit in ("rem", "em") else 1)
        assert px <= PHONE_WIDTH_PX, (value, unit)
    assert "position:fixed" not in css.replace(" ", "")

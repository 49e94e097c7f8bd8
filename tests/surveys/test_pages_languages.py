"""Every page an employee sees while answering renders in Japanese and in English."""

from __future__ import annotations

import pytest
from flask_babel import refresh

from hrcare.extensions import db
from tests.surveys.conftest import CAREGIVER_PAGES, consent

LANGUAGES = ("ja", "en")


def _speak(client, locale: str) -> None:
    with client.session_transaction() as sess:
        sess["locale"] = locale
    refresh()


@pytest.mark.parametrize("locale", LANGUAGES)
def test_every_answer_page_renders(client, tenant_a, token, locale) -> None:
    _speak(client, locale)
    assert client.get(f"/s/{token}", follow_redirects=True).status_code == 200
    consent(client, token)
    for key, data in CAREGIVER_PAGES.items():
        shown = client.get(f"/s/answer?p={key}")
        assert shown.status_code == 200, (key, locale)
        assert client.post(f"/s/answer?p={key}", data={**data, "nav": "next"}).status_code == 302
    thanks = client.get("/s/thanks")
    assert thanks.status_code == 200
    tenant_a.company.consultation_contact = "人事部 内線1234"
    db.session.commit()
    consult = client.get(f"/s/consult/{tenant_a.slug}")
    assert consult.status_code == 200 and "内線1234" in consult.get_data(as_text=True)
    # A used link, and an unknown one, answer with their problem page in the same language.
    assert client.get(f"/s/{token}", follow_redirects=True).status_code == 200
    assert client.get("/s/not-a-real-token-at-all").status_code == 404
    if locale == "en":
        assert "10–30% of the cost" in thanks.get_data(as_text=True)

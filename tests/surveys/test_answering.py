"""The employee's flow: consent, pages, skip logic, submission, and every bad link or input."""

from __future__ import annotations

import re
from datetime import time, timedelta

from sqlalchemy import func, inspect, select

from hrcare.core.audit import AuditEvent
from hrcare.core.clock import JST
from hrcare.extensions import db
from hrcare.surveys.common import CONSENT_VERSION
from hrcare.surveys.models import (
    Survey,
    SurveyComment,
    SurveyInvitation,
    SurveyPooledAnswer,
    SurveyResponse,
)
from tests.surveys.conftest import (
    CAREGIVER_PAGES,
    NON_CAREGIVER_PAGES,
    answer_all,
    consent,
    invitations,
    write_pool,
)


def count(model: type) -> int:
    return db.session.scalar(select(func.count()).select_from(model)) or 0


def test_consent_page_explains_purpose_and_who_sees_what(client, token) -> None:
    page = client.get(f"/s/{token}", follow_redirects=True)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    for phrase in (
        "目的",
        "人事評価や配置に使われることは一切ありません",
        "任意",
        "5人以上",
        "相談窓口の担当者",
        "経営層",
        "2026年の第2版",  # the consent version, in words (the code stays in the data)
        "支援機関（ハブA）",  # the hub sees this company's aggregates: the page says so
        "誰が書いたか分からない形で保存",
    ):
        assert phrase in html, phrase
    # The desk reads the free comments without names (the consultation desk's page shows
    # them); no internal codes.
    assert "自由記述だけを、氏名のない形で読みます" in html and CONSENT_VERSION not in html


def test_no_answer_is_accepted_without_consent(client, token) -> None:
    before = count(SurveyResponse)
    refused = client.post(f"/s/{token}", data={})
    assert refused.status_code == 200 and "チェックを入れてください" in refused.get_data(
        as_text=True
    )
    # Skipping the consent page: every form page sends the employee back to it.
    for key, data in CAREGIVER_PAGES.items():
        response = client.post(f"/s/answer?p={key}", data={**data, "nav": "next"})
        assert response.status_code == 302 and response.location.endswith("/s/start")
    assert count(SurveyResponse) == before


def test_full_submission_stores_snapshot_consent_and_comment_apart(
    client, opened, token, today
) -> None:
    invitation = invitations(opened)[0]
    done = answer_all(client, token, CAREGIVER_PAGES)
    assert done.location.endswith("/s/thanks")
    db.session.refresh(invitation)
    assert invitation.responded is True
    # One answer waits in the pool: no response row exists until a batch is written.
    assert count(SurveyResponse) == 0 and count(SurveyPooledAnswer) == 1
    write_pool(opened)
    assert count(SurveyPooledAnswer) == 0
    response = db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.survey_id == opened.id)
    ).one()
    assert (
        response.department,
        response.age_band,
        response.is_manager,
        response.employment_type,
    ) == (
        invitation.department,
        invitation.age_band,
        invitation.is_manager,
        invitation.employment_type,
    )
    assert response.consent_version == CONSENT_VERSION == opened.consent_version
    # kept to the wave: the start of its first day (nothing finer than the wave is stored)
    assert response.consented_at.astimezone(JST).time() == time(0)
    assert response.consented_at.astimezone(JST).date() == opened.opens_on
    answers = response.answers
    assert answers["caring_now"] == "yes" and answers["performance"] == 7
    assert answers["helpful_support"] == ["telework", "information"]
    assert answers["can_talk"] == "prefer_not"
    assert answers["dependents"] == [
        {
            "relationship": "mother",
            "age_band": "85_plus",
            "residence": "far",
            "care_level": "care_2",
            "main_carer": "professional",
            "prefecture": "01",
        },
        {
            "relationship": "father_in_law",
            "age_band": "75_84",
            "residence": "near",
            "care_level": "prefer_not",
            "main_carer": "spouse",
        },
    ]
    assert "comment" not in answers  # free text lives apart
    comment = db.session.scalars(
        select(SurveyComment).where(SurveyComment.survey_id == opened.id)
    ).one()
    assert comment.text == "上司に相談しにくいです。" and comment.question_code == "comment"
    thanks = client.get("/s/thanks").get_data(as_text=True)
    assert "相談したい" in thanks and f"/s/consult/{opened_slug(opened)}" in thanks
    assert (
        "介護休業" in thanks
        and "93日" in thanks
        and "地域包括支援センター" in thanks
        and "40歳" in thanks
    )


def opened_slug(survey: Survey) -> str:
    from hrcare.tenants.models import Company

    return db.session.get(Company, survey.company_id).slug


def test_response_and_comment_tables_cannot_name_anyone(app) -> None:
    for model in (SurveyResponse, SurveyComment):
        columns = {c.name for c in inspect(model).columns}
        assert not columns & {"employee_id", "invitation_id", "token", "token_hash", "user_id"}, (
            model
        )
        assert not any(
            fk.column.table.name in {"employees", "survey_invitations", "users"}
            for c in inspect(model).columns
            for fk in c.foreign_keys
        ), model
    assert "response_id" not in {c.name for c in inspect(SurveyComment).columns}


def test_no_audit_event_is_written_by_answering(client, token) -> None:
    before = count(AuditEvent)
    answer_all(client, token, CAREGIVER_PAGES)
    assert count(AuditEvent) == before


def test_non_caregiver_skips_caregiver_pages_and_stale_answers_are_dropped(
    client, opened, token
) -> None:
    consent(client, token)
    # First says "yes" and fills the caregiver page, then goes back and changes to "no".
    client.post("/s/answer?p=now", data={"caring_now": "yes", "nav": "next"})
    client.post("/s/answer?p=care", data={**CAREGIVER_PAGES["care"], "nav": "next"})
    moved = client.post("/s/answer?p=now", data={"caring_now": "no", "nav": "next"})
    assert moved.location.endswith("p=relatives")
    for key in ("relatives", "ahead", "knowledge", "other"):
        if key == "ahead":
            page = client.get("/s/answer?p=ahead").get_data(as_text=True)
            assert "5 / 7" in page  # skipped pages are jumped over, never counted back
        client.post(f"/s/answer?p={key}", data={**NON_CAREGIVER_PAGES[key], "nav": "next"})
    write_pool(opened)
    response = db.session.scalars(
        select(SurveyResponse).where(SurveyResponse.survey_id == opened.id)
    ).one()
    assert response.answers["caring_now"] == "no"
    assert not {"balancing_status", "performance", "care_hours", "dependents"} & set(
        response.answers
    )
    # Version 2: relatives are asked of everyone, the five-year item of those not caring.
    assert response.answers["dependent_count"] == "0"
    assert response.answers["likely_future"] == "possible"
    assert count(SurveyComment) == 0  # an empty comment stores nothing


def test_progress_indicator_and_back_button(client, token) -> None:
    consent(client, token)
    first = client.get("/s/answer").get_data(as_text=True)
    assert "1 / 7" in first and "<progress" in first
    client.post("/s/answer?p=now", data={"caring_now": "yes", "nav": "next"})
    care = client.get("/s/answer?p=care").get_data(as_text=True)
    assert "3 / 7" in care and "介護をしている方" in care
    back = client.post("/s/answer?p=care", data={"nav": "back"})
    assert back.location.endswith("p=relatives")
    assert 'value="yes" checked' in client.get("/s/answer?p=now").get_data(as_text=True)


def test_prefer_not_everywhere_but_the_first_question(client, token) -> None:
    consent(client, token)
    first = client.get("/s/answer?p=now").get_data(as_text=True)
    assert (
        first.count('value="prefer_not"') == 1
    )  # Q1's own option "答えたくない", not an extra one
    client.post("/s/answer?p=now", data={"caring_now": "yes", "nav": "next"})
    care = client.get("/s/answer?p=care").get_data(as_text=True)
    assert care.count('value="prefer_not"') == 4


def test_missing_answers_show_messages_next_to_the_fields(client, opened, token) -> None:
    consent(client, token)
    client.post("/s/answer?p=now", data={"caring_now": "no", "nav": "next"})
    page = client.post("/s/answer?p=ahead", data={"likely_future": "possible", "nav": "next"})
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'id="err-anxiety"' in html and 'id="err-likely_future"' not in html
    assert 'value="possible" checked' in html  # what was chosen is kept


def test_none_of_these_cannot_be_combined_with_other_support(client, opened, token) -> None:
    consent(client, token)
    for key in ("now", "relatives", "ahead"):
        client.post(f"/s/answer?p={key}", data={**NON_CAREGIVER_PAGES[key], "nav": "next"})
    page = client.post(
        "/s/answer?p=knowledge",
        data={
            **NON_CAREGIVER_PAGES["knowledge"],
            "helpful_support": ["none", "telework"],
            "nav": "next",
        },
    )
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert (
        'id="err-helpful_support"' in html
        and "「特になし」は他の選択肢と同時には選べません。" in html
    )


def test_tampered_choice_is_refused_and_nothing_is_stored(client, opened, token) -> None:
    before = count(SurveyResponse)
    consent(client, token)
    bad = client.post("/s/answer?p=now", data={"caring_now": "maybe", "nav": "next"})
    assert bad.status_code == 400 and "選択肢にない値" in bad.get_data(as_text=True)
    for key in ("now", "relatives", "ahead", "knowledge"):
        client.post(f"/s/answer?p={key}", data={**NON_CAREGIVER_PAGES[key], "nav": "next"})
    for tampered in (
        {"helpful_support": ["telework", "bitcoin"]},
        {"helpful_support": ["telework", "prefer_not"]},
    ):
        response = client.post(
            "/s/answer?p=knowledge",
            data={**NON_CAREGIVER_PAGES["knowledge"], **tampered, "nav": "next"},
        )
        assert response.status_code in (
            200,
            400,
        ) and 'id="err-helpful_support"' in response.get_data(as_text=True)
    client.post("/s/answer?p=now", data={"caring_now": "yes", "nav": "next"})
    scale = client.post(
        "/s/answer?p=care",
        data={**CAREGIVER_PAGES["care"], "performance": "11", "nav": "next"},
    )
    assert scale.status_code == 400
    deps = client.post(
        "/s/answer?p=dependents",
        data={**CAREGIVER_PAGES["dependents"], "dep1_prefecture": "99", "nav": "next"},
    )
    assert deps.status_code in (
        302,
        400,
    )  # care page was refused, so dependents may not be reachable
    assert count(SurveyResponse) == before
    assert invitations(opened)[0].responded is False


def test_over_long_free_text_is_refused_and_kept_for_editing(client, opened, token) -> None:
    consent(client, token)
    for key in ("now", "relatives", "ahead", "knowledge"):
        client.post(f"/s/answer?p={key}", data={**NON_CAREGIVER_PAGES[key], "nav": "next"})
    long_text = "あ" * 2001
    refused = client.post("/s/answer?p=other", data={"comment": long_text, "nav": "next"})
    html = refused.get_data(as_text=True)
    assert refused.status_code == 200 and "2,000文字以内" in html and long_text in html
    assert count(SurveyResponse) == 0 and count(SurveyComment) == 0
    ok = client.post("/s/answer?p=other", data={"comment": "あ" * 2000, "nav": "next"})
    write_pool(opened)
    assert ok.status_code == 302 and count(SurveyComment) == 1


def test_double_submission_is_refused_and_the_first_kept(client, app, opened, token) -> None:
    answer_all(client, token, CAREGIVER_PAGES)
    write_pool(opened)
    first = db.session.scalars(select(SurveyResponse)).one()
    first_answers = dict(first.answers)
    # A second tab (another cookie jar) with the same link.
    other = app.test_client()
    again = other.get(f"/s/{token}")
    assert again.status_code == 200 and "回答済み" in again.get_data(as_text=True)
    assert other.post(f"/s/{token}", data={"agree": "y"}).status_code == 409
    # The first tab re-posting its last page (e.g. a double click).
    consent_again = client.post("/s/answer?p=other", data={"comment": "二回目", "nav": "next"})
    assert consent_again.status_code == 409 and "回答済み" in consent_again.get_data(as_text=True)
    write_pool(opened)
    assert count(SurveyResponse) == 1 and count(SurveyComment) == 1
    assert db.session.scalars(select(SurveyResponse)).one().answers == first_answers


def test_submit_response_marks_exactly_once(opened, token) -> None:
    """Two submissions racing on one invitation: the conditional UPDATE lets one through."""
    from hrcare.core.db import utcnow
    from hrcare.surveys.common import hash_token
    from hrcare.surveys.submission import submit_response

    invitation = invitations(opened)[0]
    args = dict(
        invitation_id=invitation.id,
        token_hash=hash_token(token),
        answers={"caring_now": "no"},
        comments={},
        consent_version="2026-1",
        consented_at=utcnow(),
    )
    assert submit_response(db.session, **args) is True
    assert submit_response(db.session, **args) is False
    assert count(SurveyPooledAnswer) == 1 and count(SurveyResponse) == 0


def test_unknown_and_malformed_links(client, opened) -> None:
    for token in ("nope", "x" * 43, "x" * 500):
        page = client.get(f"/s/{token}")
        assert page.status_code == 404 and "このリンクは使えません" in page.get_data(as_text=True)
        assert client.post("/s/answer?p=now", data={"caring_now": "no"}).status_code == 404


def test_draft_survey_link(client, draft, issue) -> None:
    from hrcare.surveys.common import dead_hash, new_token

    # A draft has no invitations; simulate a link to one (e.g. a wave copied by mistake).
    token, token_hash = new_token()
    db.session.add(
        SurveyInvitation(
            company_id=draft.company_id,
            survey_id=draft.id,
            employee_id=draft_employee(draft),
            token_hash=token_hash,
            age_band="40-44",
            invited_on=draft.opens_on,
        )
    )
    db.session.commit()
    assert dead_hash() != token_hash
    page = client.get(f"/s/{token}", follow_redirects=True)
    assert page.status_code == 403 and "まだ始まっていません" in page.get_data(as_text=True)
    assert client.post(f"/s/{token}", data={"agree": "y"}).status_code == 403


def draft_employee(survey: Survey) -> int:
    from hrcare.roster.models import Employee

    return db.session.scalars(
        select(Employee.id).where(Employee.company_id == survey.company_id)
    ).first()


def test_closed_survey_link(client, opened, token) -> None:
    opened.status = "closed"
    db.session.commit()
    page = client.get(f"/s/{token}", follow_redirects=True)
    assert page.status_code == 410 and "終了しました" in page.get_data(as_text=True)
    assert client.post(f"/s/{token}", data={"agree": "y"}).status_code == 410
    assert count(SurveyResponse) == 0


def test_expired_link_is_refused_and_the_post_records_the_close(
    client, opened, token, today
) -> None:
    consent(client, token)
    opened.closes_on = today - timedelta(days=1)
    db.session.commit()
    page = client.get("/s/answer?p=now")
    assert page.status_code == 410
    db.session.refresh(opened)
    assert opened.status == "open"  # a GET changes nothing
    post = client.post("/s/answer?p=now", data={"caring_now": "no", "nav": "next"})
    assert post.status_code == 410
    db.session.refresh(opened)
    assert opened.status == "closed" and opened.closed_at is not None
    assert count(SurveyResponse) == 0


def test_consultation_page_has_no_token_and_shows_the_contact(client, tenant_a, token) -> None:
    page = client.get(f"/s/consult/{tenant_a.slug}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and token not in html
    assert "地域包括支援センター" in html and "介護保険" in html
    tenant_a.company.consultation_contact = "人事部 両立支援窓口 内線1234"
    db.session.commit()
    assert "内線1234" in client.get(f"/s/consult/{tenant_a.slug}").get_data(as_text=True)
    assert client.get("/s/consult/no-such-company").status_code == 404


def test_consult_links_do_not_send_the_token_as_referrer(client, token) -> None:
    answer_all(client, token, NON_CAREGIVER_PAGES)
    html = client.get("/s/thanks").get_data(as_text=True)
    assert 'rel="noreferrer"' in html


def test_english_switch(client, token) -> None:
    from flask_babel import refresh

    client.post("/language", data={"locale": "en", "next": f"/s/{token}"})
    refresh()  # tests share one app context, where Flask-Babel caches the locale
    first = client.get(f"/s/{token}", follow_redirects=True).get_data(as_text=True)
    assert "Your answers are never used for evaluation or placement." in first
    consent(client, token)
    page = client.get("/s/answer?p=now").get_data(as_text=True)
    assert "Do you currently care for a family member while working?" in page
    assert "Page 1 / 7" in page


def test_progress_never_goes_backwards_nor_grows(client, token) -> None:
    """Answering "yes" used to turn "1 / 4" into "2 / 5" and "3 / 6" (issue 9, item 8)."""
    consent(client, token)
    seen = []
    for key, data in CAREGIVER_PAGES.items():
        html = client.get(f"/s/answer?p={key}").get_data(as_text=True)
        number, total = re.search(r"(\d+) / (\d+) ページ", html).groups()
        seen.append((int(number), int(total)))
        client.post(f"/s/answer?p={key}", data={**data, "nav": "next"})
    assert [n for n, _total in seen] == sorted(n for n, _total in seen)
    assert {total for _n, total in seen} == {7}

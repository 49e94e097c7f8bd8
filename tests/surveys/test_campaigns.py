"""Campaign lifecycle and the question-editing rules."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from hrcare.core.audit import AuditEvent
from hrcare.core.db import utcnow
from hrcare.extensions import db
from hrcare.surveys import campaigns, questions
from hrcare.surveys.common import SurveyError
from hrcare.surveys.models import Survey, SurveyQuestion
from hrcare.surveys.questionnaire import CORE_CODES, QUESTIONS_BY_CODE, STANDARD_QUESTIONS
from tests.surveys.conftest import invitations


def question(survey: Survey, code: str) -> SurveyQuestion:
    return next(q for q in survey.questions if q.code == code)


def actions(survey: Survey) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action)
            .where(AuditEvent.object_type == "survey", AuditEvent.object_id == str(survey.id))
            .order_by(AuditEvent.id)
        )
    )


def test_new_survey_copies_the_standard_questionnaire(draft) -> None:
    assert draft.status == "draft" and draft.wave == 1
    assert [q.code for q in draft.questions] == [q.code for q in STANDARD_QUESTIONS]
    assert {q.code for q in draft.questions if q.is_core} == set(CORE_CODES)
    caring = question(draft, "caring_now")
    assert [o["code"] for o in caring.options] == ["yes", "no", "prefer_not"]
    assert question(draft, "performance").settings == {
        "section": "now",
        "asked_of": "caregivers",
        "caregivers_only": True,
        "allow_prefer_not": True,
        "min": 0,
        "max": 10,
    }
    assert actions(draft) == ["survey.create"]


def test_second_survey_starts_a_new_series(draft, tenant_a, today) -> None:
    other = campaigns.create_survey(
        db.session,
        company_id=tenant_a.company.id,
        actor_id=None,
        title="別の調査",
        opens_on=today,
        closes_on=today,
    )
    assert other.series != draft.series and other.wave == 1


def test_open_creates_invitations_and_close_is_final(draft, roster, today) -> None:
    invited = campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
    assert invited == len(roster) == len(invitations(draft))
    assert draft.status == "open" and draft.opened_at is not None
    with pytest.raises(SurveyError):
        campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
    campaigns.close_survey(db.session, draft, actor_id=None, now=utcnow())
    assert draft.status == "closed"
    with pytest.raises(SurveyError):
        campaigns.close_survey(db.session, draft, actor_id=None, now=utcnow())
    with pytest.raises(SurveyError):
        campaigns.update_survey(
            db.session,
            draft,
            title="x",
            title_en="",
            opens_on=today,
            closes_on=today,
            audience={},
            today=today,
        )
    assert actions(draft) == ["survey.create", "survey.open", "survey.close"]


def test_open_date_in_the_future_is_refused_until_that_day(draft, today) -> None:
    draft.opens_on, draft.closes_on = today + timedelta(days=3), today + timedelta(days=10)
    with pytest.raises(SurveyError, match="開始日"):
        campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
    assert draft.status == "draft" and invitations(draft) == []
    campaigns.open_survey(
        db.session, draft, actor_id=None, today=today + timedelta(days=3), now=utcnow()
    )
    assert draft.status == "open"


def test_open_needs_dates_a_future_deadline_and_an_audience(draft, today) -> None:
    draft.closes_on = None
    with pytest.raises(SurveyError, match="締切日"):
        campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
    draft.closes_on = today - timedelta(days=1)
    draft.opens_on = today - timedelta(days=5)
    with pytest.raises(SurveyError, match="締切日が過ぎています"):
        campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
    draft.closes_on = today
    draft.audience = {"departments": ["存在しない部"]}
    with pytest.raises(SurveyError, match="対象"):
        campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())


def test_open_survey_may_extend_its_deadline_but_not_change_audience(opened, today) -> None:
    later = today + timedelta(days=30)
    campaigns.update_survey(
        db.session,
        opened,
        title="新タイトル",
        title_en="",
        opens_on=opened.opens_on,
        closes_on=later,
        audience=opened.audience,
        today=today,
    )
    assert opened.closes_on == later and opened.title == "新タイトル"
    with pytest.raises(SurveyError):
        campaigns.update_survey(
            db.session,
            opened,
            title="x",
            title_en="",
            opens_on=opened.opens_on,
            closes_on=later,
            audience={"departments": ["営業部"]},
            today=today,
        )


def test_core_items_can_be_reworded_but_not_deleted_moved_or_recoded(draft) -> None:
    caring = question(draft, "caring_now")
    with pytest.raises(SurveyError, match="削除"):
        questions.delete_question(db.session, caring)
    with pytest.raises(SurveyError):
        questions.move_question(db.session, caring, "down")
    with pytest.raises(SurveyError):
        questions.update_question(
            db.session, caring, text_ja="介護中ですか", text_en="", kind="multiple"
        )
    with pytest.raises(SurveyError, match="追加・削除"):
        questions.update_question(
            db.session, caring, text_ja="介護中ですか", text_en="", option_labels=[("はい", "Yes")]
        )
    questions.update_question(
        db.session,
        caring,
        text_ja="ご家族の介護をしていますか",
        text_en="Caring?",
        option_labels=[("はい", "Yes"), ("いいえ", "No"), ("回答しない", "Skip")],
    )
    assert caring.text_ja == "ご家族の介護をしていますか"
    assert [o["code"] for o in caring.options] == ["yes", "no", "prefer_not"]
    assert [o["ja"] for o in caring.options] == ["はい", "いいえ", "回答しない"]
    assert caring.code == "caring_now" and caring.kind == QUESTIONS_BY_CODE["caring_now"].kind


def test_custom_questions_get_stable_codes_and_can_be_reordered_and_deleted(draft) -> None:
    first = questions.add_custom_question(
        db.session,
        draft,
        kind="single",
        text_ja="通勤時間は？",
        options=questions.parse_option_lines("30分未満 | <30\n30分以上 | 30+"),
    )
    second = questions.add_custom_question(db.session, draft, kind="text", text_ja="ご意見")
    third = questions.add_custom_question(
        db.session, draft, kind="scale", text_ja="満足度", scale_min=1, scale_max=5
    )
    assert [first.code, second.code, third.code] == ["custom_1", "custom_2", "custom_3"]
    assert [o["code"] for o in first.options] == ["opt_1", "opt_2"]
    assert third.settings["min"] == 1 and third.settings["max"] == 5
    questions.move_question(db.session, third, "up")
    assert third.position < second.position
    questions.delete_question(db.session, second)
    fourth = questions.add_custom_question(
        db.session, draft, kind="multiple", text_ja="選択", options=[("A", ""), ("B", "")]
    )
    assert fourth.code == "custom_4"  # codes are never reused
    with pytest.raises(SurveyError, match="2つ以上"):
        questions.add_custom_question(
            db.session, draft, kind="single", text_ja="x", options=[("A", "")]
        )
    with pytest.raises(SurveyError):
        questions.add_custom_question(db.session, draft, kind="dependents", text_ja="x")
    with pytest.raises(SurveyError, match="2行目"):
        questions.parse_option_lines("A\n | only English")


def test_questions_are_frozen_once_open(opened) -> None:
    with pytest.raises(SurveyError, match="下書き"):
        questions.add_custom_question(db.session, opened, kind="text", text_ja="x")
    with pytest.raises(SurveyError, match="下書き"):
        questions.update_question(db.session, question(opened, "anxiety"), text_ja="y", text_en="")


def test_new_wave_copies_questions_and_audience(opened, today) -> None:
    questions_before = [(q.code, q.text_ja, q.options) for q in opened.questions]
    opened.audience = {"departments": ["営業部"]}
    with pytest.raises(SurveyError):
        campaigns.new_wave(
            db.session,
            campaigns.create_survey(
                db.session,
                company_id=opened.company_id,
                actor_id=None,
                title="x",
                opens_on=today,
                closes_on=today,
            ),
            actor_id=None,
        )
    copy = campaigns.new_wave(db.session, opened, actor_id=None)
    assert (copy.series, copy.wave, copy.status) == (opened.series, 2, "draft")
    assert copy.audience == {"departments": ["営業部"]}
    assert [(q.code, q.text_ja, q.options) for q in copy.questions] == questions_before
    assert copy.opens_on is None and invitations(copy) == []
    with pytest.raises(SurveyError, match="下書き"):
        campaigns.new_wave(db.session, opened, actor_id=None)


def test_delete_only_drafts(draft, opened) -> None:
    with pytest.raises(SurveyError):
        campaigns.delete_draft(db.session, opened, actor_id=None)


def test_hr_pages_walk_through_the_lifecycle(hr, tenant_a, roster, today, sent_mail) -> None:
    base = f"/c/{tenant_a.slug}/surveys"
    created = hr.post(
        f"{base}/new",
        data={
            "title": "2026年度 介護アンケート",
            "title_en": "",
            "opens_on": today.isoformat(),
            "closes_on": (today + timedelta(days=7)).isoformat(),
            "departments": ["営業部", "開発部"],
            "employment_types": ["regular"],
        },
    )
    assert created.status_code == 302
    survey = db.session.scalars(
        select(Survey).where(Survey.title == "2026年度 介護アンケート")
    ).one()
    assert survey.audience == {"departments": ["営業部", "開発部"], "employment_types": ["regular"]}
    page = hr.get(f"{base}/{survey.id}")
    assert (
        page.status_code == 200
        and "現在、仕事をしながらご家族の介護をしていますか。" in page.get_data(as_text=True)
    )
    added = hr.post(
        f"{base}/{survey.id}/questions/new",
        data={"kind": "single", "text_ja": "在宅勤務の頻度", "options_text": "週1以下\n週2以上"},
    )
    assert added.status_code == 302
    custom = question(survey, "custom_1")
    caring = question(survey, "caring_now")
    form = hr.get(f"{base}/{survey.id}/questions/{caring.id}").get_data(as_text=True)
    assert "options-0-ja" in form
    hr.post(
        f"{base}/{survey.id}/questions/{caring.id}",
        data={
            "text_ja": "介護をしていますか",
            "text_en": "Caring?",
            "options-0-ja": "はい",
            "options-0-en": "Yes",
            "options-1-ja": "いいえ",
            "options-1-en": "No",
            "options-2-ja": "答えない",
            "options-2-en": "Skip",
        },
    )
    assert question(survey, "caring_now").text_ja == "介護をしていますか"
    refused = hr.post(f"{base}/{survey.id}/questions/{caring.id}/delete")
    assert refused.status_code == 302 and question(survey, "caring_now") is not None
    preview = hr.get(f"{base}/{survey.id}/preview?p=other")
    assert preview.status_code == 200 and "在宅勤務の頻度" in preview.get_data(as_text=True)
    assert hr.get(f"{base}/{survey.id}/preview?p=nope").status_code == 404
    opened = hr.post(f"{base}/{survey.id}/open", data={"send_invitations": "y"})
    assert opened.status_code == 302
    db.session.refresh(survey)
    assert survey.status == "open"
    # 営業部 + 開発部, regular only: A001, A002, A004, A006, A007, A008, A009, A011.
    assert len(invitations(survey)) == 8
    assert len(sent_mail) == 7  # A009 has no e-mail address
    assert hr.post(f"{base}/{survey.id}/questions/{custom.id}/delete").status_code == 302
    assert question(survey, "custom_1") is not None  # frozen once open
    detail = hr.get(f"{base}/{survey.id}").get_data(as_text=True)
    assert "回答率" in detail and "メールアドレスが登録されていない対象者が 1 名" in detail
    hr.post(f"{base}/{survey.id}/close")
    db.session.refresh(survey)
    assert survey.status == "closed"
    wave = hr.post(f"{base}/{survey.id}/wave")
    assert wave.status_code == 302 and "/edit" in wave.location
    db.session.commit()
    assert hr.get(f"{base}/").status_code == 200


def test_hr_extends_the_deadline_of_an_open_survey_with_an_audience(
    hr, tenant_a, draft, today
) -> None:
    draft.audience = {"departments": ["営業部"]}
    campaigns.open_survey(db.session, draft, actor_id=None, today=today, now=utcnow())
    db.session.commit()
    later = today + timedelta(days=30)
    response = hr.post(
        f"/c/{tenant_a.slug}/surveys/{draft.id}/edit",
        data={
            "title": "延長",
            "title_en": "",
            "opens_on": draft.opens_on.isoformat(),
            "closes_on": later.isoformat(),
        },
    )
    assert response.status_code == 302
    db.session.refresh(draft)
    assert draft.closes_on == later and draft.audience == {"departments": ["営業部"]}

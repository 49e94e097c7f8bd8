"""The form definition as pure functions: pages, skip logic, parsing, completeness."""

from __future__ import annotations

from werkzeug.datastructures import MultiDict

from hrcare.surveys import answering
from hrcare.surveys.campaigns import standard_questions
from hrcare.surveys.models import SurveyQuestion
from hrcare.surveys.questionnaire import CURRENT_VERSION, KNOWS_LAW_CODES
from hrcare.surveys.questions import CUSTOM_POSITION_BASE


def questions(version: int = CURRENT_VERSION) -> list[SurveyQuestion]:
    items = standard_questions(company_id=1, version=version)
    items.append(
        SurveyQuestion(
            code="custom_1",
            kind="scale",
            position=CUSTOM_POSITION_BASE + 10,
            is_core=False,
            text_ja="満足度",
            options=[],
            settings={"section": "custom", "allow_prefer_not": True, "min": 1, "max": 5},
        )
    )
    return items


def keys(answers, version: int = CURRENT_VERSION) -> list[str]:
    return [p.key for p in answering.visible_pages(questions(version), answers)]


def codes(answers, key: str, version: int = CURRENT_VERSION) -> list[str]:
    page = next(p for p in answering.visible_pages(questions(version), answers) if p.key == key)
    return [q.code for q in page.questions]


def test_pages_follow_the_answers() -> None:
    assert keys({}) == ["now", "relatives", "ahead", "knowledge", "other"]
    assert keys({"caring_now": "prefer_not"}) == ["now", "relatives", "ahead", "knowledge", "other"]
    assert keys({"caring_now": "yes"}) == [
        "now",
        "relatives",
        "care",
        "ahead",
        "knowledge",
        "other",
    ]
    assert keys({"caring_now": "yes", "dependent_count": "2"}) == [
        "now",
        "relatives",
        "care",
        "dependents",
        "ahead",
        "knowledge",
        "other",
    ]
    # Version 2: relatives of everyone, so a non-caregiver describes them too.
    assert "dependents" in keys({"caring_now": "no", "dependent_count": "1"})
    assert answering.dependent_slots({"dependent_count": "3_plus"}) == 3
    assert answering.dependent_slots({"dependent_count": "prefer_not"}) == 0


def test_the_five_year_item_is_asked_only_of_those_not_caring_now() -> None:
    assert "likely_future" in codes({"caring_now": "no"}, "ahead")
    assert codes({"caring_now": "yes"}, "ahead") == ["anxiety"]
    assert codes({"caring_now": "prefer_not"}, "ahead") == ["anxiety"]
    # Version 1 (waves opened before version 2) goes on asking everyone.
    assert "likely_future" in codes({"caring_now": "yes"}, "ahead", version=1)


def test_version_one_keeps_its_pages() -> None:
    assert keys({"caring_now": "no", "dependent_count": "1"}, 1) == [
        "now",
        "ahead",
        "knowledge",
        "other",
    ]
    assert keys({"caring_now": "yes", "dependent_count": "2"}, 1) == [
        "now",
        "care",
        "dependents",
        "ahead",
        "knowledge",
        "other",
    ]
    assert "knows_measures" in codes({"caring_now": "no"}, "knowledge", version=1)
    assert "dependent_count" in codes({"caring_now": "yes"}, "care", version=1)


def test_version_two_asks_each_legal_system_apart_from_company_support() -> None:
    knowledge = codes({"caring_now": "no"}, "knowledge")
    assert "knows_measures" not in knowledge
    assert [c for c in knowledge if c.startswith("knows_law_")] == list(KNOWS_LAW_CODES)
    assert "knows_company_support" in knowledge
    items = {q.code: q for q in questions()}
    for code in KNOWS_LAW_CODES:
        assert "会社" not in items[code].text_ja  # rights under the law, not company measures
    hours = [o["ja"] for o in items["care_hours"].options]
    assert hours == ["5時間未満", "5時間以上10時間未満", "10時間以上20時間未満", "20時間以上"]
    assert items["helpful_support"].text_ja == "役立つと思う支援（あてはまるものすべて）"


def test_custom_items_come_last_before_the_comment() -> None:
    other = answering.all_pages(questions())[-1]
    assert [q.code for q in other.questions] == ["comment", "custom_1"] or [
        q.code for q in other.questions
    ] == ["custom_1", "comment"]


def page(key):
    return next(p for p in answering.all_pages(questions()) if p.key == key)


def test_custom_scale_bounds_and_prefer_not() -> None:
    other = page("other")
    assert answering.parse_page(other, MultiDict({"custom_1": "5"}), {}).answers == {"custom_1": 5}
    assert (
        answering.parse_page(other, MultiDict({"custom_1": "prefer_not"}), {}).answers["custom_1"]
        == "prefer_not"
    )
    for bad in ("0", "6", "2.5", " 3", "abc"):
        result = answering.parse_page(other, MultiDict({"custom_1": bad}), {})
        assert result.tampered and "custom_1" in result.errors, bad


def test_dependents_need_every_field_and_a_known_prefecture() -> None:
    deps = page("dependents")
    data = MultiDict(
        {
            "dep1_relationship": "mother",
            "dep1_age_band": "75_84",
            "dep1_residence": "near",
            "dep1_care_level": "unknown",
            "dep1_main_carer": "me",
        }
    )
    ok = answering.parse_page(deps, data, {"dependent_count": "1"})
    assert ok.ok and ok.answers["dependents"] == [
        {k.removeprefix("dep1_"): v for k, v in data.items()}
    ]
    missing = answering.parse_page(deps, data, {"dependent_count": "2"})
    assert (
        set(missing.errors) == {f"dep2_{f}" for f in answering.DEPENDENT_FIELDS}
        and not missing.tampered
    )
    data["dep1_prefecture"] = "48"
    assert answering.parse_page(deps, data, {"dependent_count": "1"}).tampered


def test_first_incomplete_and_final_answers() -> None:
    items = questions()
    answers = {"caring_now": "yes", "dependent_count": "1", "dependents": [{}, {}]}
    assert answering.first_incomplete(items, answers) == "relatives"
    answers = {
        "caring_now": "no",
        "dependent_count": "0",
        "parents_75_plus": "1",
        "parents_far": "yes",
        "performance": 3,
        "likely_future": "no",
        "anxiety": "anxious",
        "knows_insurance": "yes",
        "knows_center": "no",
        **dict.fromkeys(KNOWS_LAW_CODES, "no"),
        "knows_company_support": "no",
        "can_talk": "no",
        "can_continue": "no",
        "helpful_support": ["none"],
        "custom_1": 2,
    }
    assert answering.first_incomplete(items, answers) is None
    assert "performance" not in answering.final_answers(items, answers)

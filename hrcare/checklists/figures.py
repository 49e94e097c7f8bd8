"""Survey figures the plan reads: the tracked indicators per wave and the recommendations' inputs.

``company_waves`` is the ONE place this feature reads survey results, and it reads what was
published: a closed wave's frozen release (computed once when the wave closed, with the
threshold in force then: a later threshold change leaves it as it is), and for an open wave
its overall participation only (``published_results``). A figure the release hides arrives as
None and is never used; nothing is ever computed from answers here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy.orm import Session

from hrcare.surveys import services as surveys
from hrcare.surveys.results.services import published_results
from hrcare.surveys.services import BALANCING, CARING, SurveyResults
from hrcare.tenants.services import Company

VISIBLE = ("open", "closed")  # a draft has nothing published

#: Knowledge of the legal systems: the first question present wins (questionnaire version 2
#: asks about 介護休業 on its own; version 1 asked about the measures together).
KNOWLEDGE_QUESTIONS: tuple[tuple[str, str], ...] = (
    ("knows_law_care_leave", "content"),  # version 2: knows what 介護休業 is
    ("knows_measures", "yes"),  # version 1: knows the measures (legal and company) together
)


@dataclass(frozen=True)
class Figure:
    """A published share in percent (0–100) and the number of people it is a share of."""

    pct: float
    n: int


@dataclass(frozen=True)
class WaveFigures:
    survey_id: int
    title: str
    title_en: str
    wave: int
    closed: bool  # answer figures are published only for a closed wave
    invited: int
    respondents: int | None
    figures: dict[str, Figure]  # metric → figure; a metric that is not published is absent

    def get(self, metric: str) -> Figure | None:
        return self.figures.get(metric)


def _share(result: Any, option: str) -> Figure | None:
    if result is None or not result.answered:
        return None
    value = result.pct(option)
    return None if value is None else Figure(float(value), int(result.answered))


def wave_figures(results: SurveyResults) -> WaveFigures:
    figures: dict[str, Figure] = {}
    if results.shown and results.response_rate is not None and results.invited:
        figures["response_rate"] = Figure(float(results.response_rate), int(results.invited))
    if results.answers_available:
        found = _share(results.question(CARING), "yes")
        if found:
            figures["caregiver_share"] = found
        for code, option in KNOWLEDGE_QUESTIONS:
            found = _share(results.question(code), option)
            if found:
                figures["knows_legal_share"] = found
                break
        if results.caregivers_shown:
            found = _share(results.question(BALANCING), "considering_leaving")
            if found:
                figures["considering_leaving_share"] = found
        # Relatives are published on their own terms (caregivers' in version 1, everyone's
        # from version 2); ``dependents`` is None whenever they are not.
        dependents = results.dependents
        if dependents is not None and dependents.described:
            residence = dependents.fields.get("residence", ())
            far = next((o for o in residence if o.code == "far"), None)
            answered = sum(o.count for o in residence)
            if far is not None and answered:
                figures["far_relatives_share"] = Figure(
                    round(100.0 * far.count / answered, 1), answered
                )
    return WaveFigures(
        survey_id=results.survey_id,
        title=results.title,
        title_en=results.title_en,
        wave=results.wave,
        closed=results.answers_available,
        invited=results.invited,
        respondents=results.respondents,
        figures=figures,
    )


def _opened(survey: Any) -> tuple[Any, ...]:
    """Order of "latest": latest opening, then highest id (as the results pages)."""
    day = survey.opened_at.date() if survey.opened_at else survey.opens_on
    return (day is not None, day or date.min, survey.id)


def company_waves(session: Session, company: Company) -> list[WaveFigures]:
    """Every wave of the company's latest survey series, oldest first (the adapter)."""
    shown = [s for s in surveys.list_surveys(session, company.id) if s.status in VISIBLE]
    if not shown:
        return []
    series = max(shown, key=_opened).series
    waves = sorted((s for s in shown if s.series == series), key=lambda s: (s.wave, s.id))
    published = published_results(session, company.id, waves)
    return [wave_figures(published[s.id]) for s in waves if s.id in published]


def latest_released(waves: list[WaveFigures]) -> WaveFigures | None:
    """The newest wave whose answer figures are published."""
    return next((w for w in reversed(waves) if w.closed), None)

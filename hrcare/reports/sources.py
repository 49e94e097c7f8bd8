"""Where the report's survey figures come from: ONE adapter over the survey results.

Reports must show exactly what was published about a closed wave, with the same
suppression as the results pages. Until frozen survey releases exist, this reads the
results services (``load_results`` applies the anonymity rules and the audit); when releases
land, only ``released_survey`` changes. Nothing else in the reports feature touches surveys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hrcare.core.clock import jst_date
from hrcare.surveys import services as surveys
from hrcare.surveys.services import SurveyResults, WaveComparison, compare, queries
from hrcare.tenants.services import Company


@dataclass(frozen=True)
class SurveyFigures:
    """The published figures of the latest closed wave, and the change since the previous one."""

    survey_id: int
    title: str
    title_en: str
    opened_on: date | None
    closed_on: date | None
    results: SurveyResults
    comparison: WaveComparison | None  # None when there is no earlier wave to compare with


def released_survey(session: Session, company: Company) -> SurveyFigures | None:
    """The latest closed survey wave's published figures, or None when there is none."""
    survey = surveys.latest_survey_for_loss(session, company.id)
    if survey is None:
        return None
    waves = [
        wave
        for wave in queries.series_waves(session, company.id, survey)
        if wave.status == "closed" and wave.wave <= survey.wave
    ]
    computed = queries.load_results(session, company.id, company.anonymity_threshold, waves)
    results = computed[survey.id]
    earlier = [computed[w.id] for w in waves if w.id != survey.id and computed[w.id].shown]
    comparison = compare([earlier[-1], results]) if earlier and results.shown else None
    return SurveyFigures(
        survey_id=survey.id,
        title=survey.title,
        title_en=survey.title_en or survey.title,
        opened_on=jst_date(survey.opened_at) or survey.opens_on,
        closed_on=jst_date(survey.closed_at) or survey.closes_on,
        results=results,
        comparison=comparison,
    )

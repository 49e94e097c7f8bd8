"""Where the report's survey figures come from: ONE adapter over the frozen releases.

Reports show exactly what was published about a closed wave: its release, computed once when
the wave closed with the threshold in force then, never recomputed from answers (a later
threshold change leaves a built report's inputs, and its figures, as they were). The change
since the previous wave compares two releases of the same series. Nothing else in the
reports feature touches surveys.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from hrcare.core.clock import jst_date
from hrcare.surveys import services as surveys
from hrcare.surveys.results.services import releases_for
from hrcare.surveys.services import SurveyResults, WaveComparison, compare
from hrcare.tenants.services import Company


@dataclass(frozen=True)
class SurveyFigures:
    """The published figures of the latest closed wave, and the change since the previous one."""

    survey_id: int
    title: str
    title_en: str
    opened_on: date | None
    closed_on: date | None
    released_on: date
    threshold: int  # the threshold the release was audited with
    results: SurveyResults
    comparison: WaveComparison | None  # None when there is no earlier wave to compare with
    compared_with: int | None = None  # the earlier wave's survey id

    @property
    def release_key(self) -> list[object]:
        """What identifies the releases read (a report's inputs)."""
        return [self.survey_id, self.released_on.isoformat(), self.threshold, self.compared_with]


def released_survey(session: Session, company: Company) -> SurveyFigures | None:
    """The latest released wave's published figures, or None when there is none."""
    survey = surveys.latest_survey_for_loss(session, company.id)
    if survey is None:
        return None
    # One query and one parse per release: the latest wave's release and the earlier ones
    # come from the same list (parsing a frozen release is the costly part).
    releases = releases_for(session, company.id)
    release = next((r for r in releases if r.survey_id == survey.id), None)
    if release is None:
        return None
    results = release.results
    earlier = [
        r.results
        for r in releases
        if r.survey_id != survey.id
        and r.results.series == results.series
        and r.results.wave < results.wave
        and r.results.shown
    ]
    earlier.sort(key=lambda r: (r.wave, r.survey_id))
    comparison = compare([earlier[-1], results]) if earlier and results.shown else None
    return SurveyFigures(
        survey_id=survey.id,
        title=survey.title,
        title_en=survey.title_en or survey.title,
        opened_on=jst_date(survey.opened_at) or survey.opens_on,
        closed_on=jst_date(survey.closed_at) or survey.closes_on,
        released_on=release.released_on,
        threshold=release.threshold,
        results=results,
        comparison=comparison,
        compared_with=earlier[-1].survey_id if comparison is not None else None,
    )

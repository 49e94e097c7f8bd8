"""Survey results as every other feature reads them: releases, never answers.

Reports, checklists, the hub and the loss page read a wave only through this module:

``release_for(session, company_id, survey_id) -> Release | None``
    The frozen release of a closed wave (None while the wave is open or a draft, or for a
    foreign company's survey). ``Release.results`` is a ``SurveyResults`` (the figures of
    the results pages: overall, every breakdown, caregivers' relatives, participation per
    shown group); ``Release.threshold`` the threshold it was audited with;
    ``Release.loss`` the partition the loss engine may use; ``Release.link_events`` and
    ``Release.flags`` what could have been gamed. A release never changes, except by
    ``publish_view``, which adds a further view after auditing it jointly with everything
    already released (``ReleaseError`` when it would isolate anyone).

``published_results(session, company_id, surveys) -> {survey id: SurveyResults}``
    What the results pages show: a closed wave's release; for an open wave, the overall
    participation only (no answer figure, no group: a count per group moving by one as each
    person answers would tell who just answered).

``release_survey(session, survey, today)``
    Called once, when a wave closes (``campaigns.close_survey``).

``pool_sources(session, company_ids)`` / ``sources_by_id(session, release_ids)``
    What a figure pooled over several companies' releases (the hub's) is computed and
    audited from: each release as a ``Part`` (its stored cells and views) and its per-cell
    answer tallies; ``parts_disclosure`` audits views over the union of the parts jointly
    with everything each part has released.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from hrcare.surveys import stuffing
from hrcare.surveys.models import Survey, SurveyInvitation, SurveyRelease
from hrcare.surveys.questionnaire import AGE_BANDS
from hrcare.surveys.results import frozen, pooling, release
from hrcare.surveys.results.aggregates import SurveyResults
from hrcare.surveys.results.anonymity import check_threshold
from hrcare.surveys.results.columns import pct
from hrcare.surveys.results.pooling import (
    Part,
    part_from_json,
    part_to_json,
    parts_disclosure,
    pool_parts,
    prefixed,
)
from hrcare.surveys.results.release import TALLIED, GroupSpec, ReleaseError, View
from hrcare.tenants.services import Company

__all__ = [
    "AGE_BANDS",
    "TALLIED",
    "GroupSpec",
    "Part",
    "PoolSource",
    "part_from_json",
    "part_to_json",
    "parts_disclosure",
    "pool_parts",
    "pool_sources",
    "latest_released",
    "mark_pooled",
    "prefixed",
    "sources_by_id",
    "LossPartition",
    "Release",
    "ReleaseError",
    "View",
    "published_results",
    "publish_view",
    "release_for",
    "release_survey",
    "releases_for",
    "LatestWaves",
    "WaveFigures",
    "latest_waves",
]


@dataclass(frozen=True)
class LossPartition:
    """The groups the loss page may show and pool its rates over.

    ``age_groups`` maps each fine age band to the released (possibly merged) band it
    belongs to, or to ``None`` when that band is not shown (such bands are pooled
    together: their rate is the total minus the shown ones, itself derivable).
    """

    departments: frozenset[str]
    age_groups: Mapping[str, str | None]
    positions: frozenset[str]

    @property
    def fine_ages(self) -> bool:
        """Every fine age band shown on its own (the age-band drop table may be used)."""
        return all(band is not None and band == fine for fine, band in self.age_groups.items())


@dataclass(frozen=True)
class Release:
    survey_id: int
    company_id: int
    threshold: int
    released_on: date
    results: SurveyResults
    loss: LossPartition
    views: tuple[View, ...]
    link_events: tuple[stuffing.LinkEvent, ...] = ()
    flags: tuple[Mapping[str, Any], ...] = ()  # {"by", "value", "reasons": [...]}

    def flag(self, by: str, value: str) -> tuple[str, ...]:
        """Why the figures of a group carry a warning (empty: none)."""
        for f in self.flags:
            if f["by"] == by and f["value"] == value:
                return tuple(f["reasons"])
        return ()


def _partition(results: SurveyResults) -> LossPartition:
    from hrcare.surveys.results.definitions import FINE_AGE_BANDS

    shown = {dim: {g.value for g in results.segments.get(dim, ()) if g.shown} for dim in
             ("department", "age_band", "position")}  # fmt: skip
    ages: dict[str, str | None] = dict.fromkeys(FINE_AGE_BANDS)
    for g in results.segments.get("age_band", ()):
        for fine in g.members or (g.value,):
            ages[fine] = g.value if g.shown else None
    return LossPartition(frozenset(shown["department"]), ages, frozenset(shown["position"]))


def _from_row(row: SurveyRelease) -> Release:
    results = frozen.load(row.data["results"])
    return Release(
        survey_id=row.survey_id,
        company_id=row.company_id,
        threshold=row.threshold,
        released_on=row.released_on,
        results=results,
        loss=_partition(results),
        views=tuple(release.views_of(row)),
        link_events=tuple(stuffing.event_from_json(e) for e in row.data.get("link_events", ())),
        flags=tuple(row.data.get("flags", ())),
    )


def _row(session: Session, company_id: int, survey_id: int) -> SurveyRelease | None:
    return session.scalars(
        select(SurveyRelease).where(
            SurveyRelease.company_id == company_id, SurveyRelease.survey_id == survey_id
        )
    ).first()


def release_for(session: Session, company_id: int, survey_id: int) -> Release | None:
    row = _row(session, company_id, survey_id)
    return None if row is None else _from_row(row)


def releases_for(session: Session, company_id: int) -> list[Release]:
    """Every release of the company, oldest first."""
    rows = session.scalars(
        select(SurveyRelease)
        .where(SurveyRelease.company_id == company_id)
        .order_by(SurveyRelease.released_on, SurveyRelease.survey_id)
    )
    return [_from_row(r) for r in rows]


def publish_view(session: Session, company_id: int, survey_id: int, view: View) -> Release:
    """Add a view to a release after the joint audit (raises ``ReleaseError``)."""
    row = _row(session, company_id, survey_id)
    if row is None:
        raise ReleaseError("the wave has no release (not closed)")
    release.add_view(session, row, view)
    return _from_row(row)


def release_survey(
    session: Session, survey: Survey, *, today: date, extra: Mapping[str, Any] | None = None
) -> Release:
    """Release a wave that has just closed, with the company's threshold now in force."""
    company = session.get(Company, survey.company_id)
    threshold = check_threshold(company.anonymity_threshold if company else None)
    existing = _row(session, survey.company_id, survey.id)
    if existing is not None:
        return _from_row(existing)  # released once, never recomputed
    row = release.build(session, survey, threshold=threshold, today=today, extra=extra)
    results = frozen.load(row.data["results"])
    shown: dict[str, list[tuple[str, frozenset[str]]]] = {"all": []}
    if results.shown:
        shown["all"].append(("all", frozenset()))
    for dim, groups in results.segments.items():
        shown[dim] = [(g.value, frozenset(g.members or (g.value,))) for g in groups if g.shown]
    row.data = {
        **row.data,
        "flags": stuffing.flags(session, survey, shown),
        "link_events": [stuffing.event_json(e) for e in stuffing.events(session, survey)],
    }
    session.flush()
    return _from_row(row)


def _participation(session: Session, survey: Survey, threshold: int) -> SurveyResults:
    invited, responded = session.execute(
        select(
            func.count(),
            func.coalesce(func.sum(case((SurveyInvitation.responded.is_(True), 1), else_=0)), 0),
        ).where(
            SurveyInvitation.company_id == survey.company_id,
            SurveyInvitation.survey_id == survey.id,
        )
    ).one()
    return _participation_figures(survey, threshold, int(invited), int(responded))


def _participation_figures(
    survey: Survey, threshold: int, invited: int, responded: int
) -> SurveyResults:
    """An open wave's overall participation: the count of respondents once it reaches the
    threshold, nothing per group and no answer figure."""
    shown = responded >= threshold
    return SurveyResults(
        survey_id=survey.id,
        title=survey.title,
        title_en=survey.title_en or survey.title,
        series=survey.series,
        wave=survey.wave,
        status=survey.status,
        threshold=threshold,
        invited=invited,
        shown=shown,
        answers_available=False,
        respondents=responded if shown else None,
        response_rate=pct(responded, invited) if shown and invited else None,
        segments={"department": (), "age_band": (), "position": ()},
    )


def published_results(
    session: Session, company_id: int, surveys: Sequence[Survey]
) -> dict[int, SurveyResults]:
    """What may be shown of each survey now (see the module docstring)."""
    company = session.get(Company, company_id)
    threshold = check_threshold(company.anonymity_threshold if company else None)
    rows = {
        r.survey_id: r
        for r in session.scalars(
            select(SurveyRelease).where(
                SurveyRelease.company_id == company_id,
                SurveyRelease.survey_id.in_([s.id for s in surveys]),
            )
        )
    }
    out: dict[int, SurveyResults] = {}
    for survey in surveys:
        row = rows.get(survey.id)
        if row is not None:
            out[survey.id] = frozen.load(row.data["results"])
        else:
            # Open, or closed before releases existed (``hrcare survey release``): the
            # participation only, never answers computed on the fly.
            out[survey.id] = _participation(session, survey, threshold)
    return out


@dataclass(frozen=True)
class WaveFigures:
    """A wave's overall published figures: what a table of many companies shows."""

    title: str
    title_en: str
    invited: int
    respondents: int | None
    response_rate: float | None
    caregivers: int | None  # None unless shown (at or above the threshold)


@dataclass(frozen=True)
class LatestWaves:
    """A company's latest released wave and its wave open now (either may be missing)."""

    released: WaveFigures | None
    open: WaveFigures | None


def _released_figures(
    session: Session, survey_ids: Sequence[int], every: Mapping[str, Any]
) -> dict[int, WaveFigures]:
    """The overall figures of these releases, read from each release's small ``summary``
    (computed with the release): a table of 200 companies must not parse 200 whole releases
    (on PostgreSQL each extraction from the ~80 kB ``data`` costs about a millisecond)."""
    results = SurveyRelease.data["results"]
    summary = SurveyRelease.summary

    def pick(key: str, kind: str) -> Any:
        # From the small summary; a release stored before summaries existed: the whole JSON.
        small, whole = summary[key], results[key]
        return case((summary.is_(None), getattr(whole, kind)()), else_=getattr(small, kind)())

    rows = session.execute(
        select(
            SurveyRelease.survey_id,
            pick("title", "as_string"),
            pick("title_en", "as_string"),
            pick("invited", "as_integer"),
            pick("respondents", "as_integer"),
            pick("response_rate", "as_float"),
            pick("caregivers", "as_integer"),
            pick("caregivers_shown", "as_boolean"),
        )
        .where(SurveyRelease.survey_id.in_(survey_ids))
        .execution_options(**every)
    )
    return {
        survey_id: WaveFigures(
            title=title,
            title_en=title_en or title,
            invited=int(invited or 0),
            respondents=respondents,
            response_rate=rate,
            caregivers=caregivers if shown else None,
        )
        for survey_id, title, title_en, invited, respondents, rate, caregivers, shown in rows
    }


def latest_waves(session: Session, company_ids: Sequence[int]) -> dict[int, LatestWaves]:
    """Each company's latest released wave (overall figures of its release) and its latest open
    wave (overall participation only, as ``published_results`` shows it). For the hub
    console: four statements whatever the number of companies (the caller has checked that
    the actor may see these companies' aggregates)."""
    if not company_ids:
        return {}
    every = {"all_tenants": True}
    closed: dict[int, Survey] = {}
    opened: dict[int, Survey] = {}
    for survey in session.scalars(
        select(Survey)
        .where(Survey.company_id.in_(company_ids), Survey.status.in_(("open", "closed")))
        .order_by(Survey.company_id, Survey.id)
        .execution_options(**every)
    ):
        (opened if survey.status == "open" else closed)[survey.company_id] = survey
    released = _released_figures(session, [s.id for s in closed.values()], every)
    counts = {
        survey_id: (int(invited), int(responded))
        for survey_id, invited, responded in session.execute(
            select(
                SurveyInvitation.survey_id,
                func.count(),
                func.coalesce(
                    func.sum(case((SurveyInvitation.responded.is_(True), 1), else_=0)), 0
                ),
            )
            .where(SurveyInvitation.survey_id.in_([s.id for s in opened.values()]))
            .group_by(SurveyInvitation.survey_id)
            .execution_options(**every)
        )
    }
    thresholds = dict(
        session.execute(
            select(Company.id, Company.anonymity_threshold).where(Company.id.in_(company_ids))
        ).all()
    )
    out: dict[int, LatestWaves] = {}
    for company_id in company_ids:
        participation = None
        survey = opened.get(company_id)
        if survey is not None:
            invited, responded = counts.get(survey.id, (0, 0))
            shown = _participation_figures(
                survey, check_threshold(thresholds.get(company_id)), invited, responded
            )
            participation = WaveFigures(
                title=shown.title,
                title_en=shown.title_en,
                invited=shown.invited,
                respondents=shown.respondents,
                response_rate=shown.response_rate,
                caregivers=None,
            )
        last_closed = closed.get(company_id)
        out[company_id] = LatestWaves(
            released=released.get(last_closed.id) if last_closed else None, open=participation
        )
    return out


@dataclass(frozen=True)
class PoolSource:
    """One release as a pooled figure reads it (never shown as such: cells are internal)."""

    release_id: int
    company_id: int
    survey_id: int
    threshold: int
    released_on: date
    part: Part
    tallies: dict[tuple[str, str, str], dict[str, list[int]]] | None
    results: SurveyResults


def _source(session: Session, row: SurveyRelease) -> PoolSource:
    return PoolSource(
        row.id,
        row.company_id,
        row.survey_id,
        row.threshold,
        row.released_on,
        pooling.part_of(row),
        release.tallies_of(session, row),
        frozen.load(row.data["results"]),
    )


def latest_released(session: Session, company_ids: Sequence[int]) -> dict[int, tuple[int, int]]:
    """Each company's latest release (by release day, then wave id): company → (release
    id, survey id). One statement, no release data read."""
    if not company_ids:
        return {}
    table = SurveyRelease.__table__.c
    rows = session.execute(
        select(table.company_id, table.id, table.survey_id)
        .where(table.company_id.in_(list(company_ids)))
        .order_by(table.released_on, table.survey_id)
    )
    return {int(cid): (int(rid), int(sid)) for cid, rid, sid in rows}


def pool_sources(session: Session, company_ids: Sequence[int]) -> dict[int, PoolSource]:
    """The latest release of each company (``latest_released``): company → it."""
    latest = latest_released(session, company_ids)
    by_id = sources_by_id(session, [rid for rid, _sid in latest.values()])
    return {cid: by_id[rid] for cid, (rid, _sid) in latest.items() if rid in by_id}


def mark_pooled(session: Session, release_ids: Sequence[int], pool: str) -> None:
    """Record on each release that the pooled figures ``pool`` rest on it (``add_view``
    then refuses further views of it alone)."""
    for row in session.scalars(
        select(SurveyRelease).where(SurveyRelease.id.in_(list(release_ids)))
    ):
        pooling.mark_pooled(session, row, pool)


def sources_by_id(session: Session, release_ids: Sequence[int]) -> dict[int, PoolSource]:
    """Releases by id (one that no longer exists, e.g. its company deleted, is absent)."""
    if not release_ids:
        return {}
    rows = session.scalars(select(SurveyRelease).where(SurveyRelease.id.in_(list(release_ids))))
    return {row.id: _source(session, row) for row in rows}

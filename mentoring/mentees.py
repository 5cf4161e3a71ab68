"""The mentor's dashboard: every active mentee with progress, pace, risk, certifications and gaps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from assessments import gap
from core.dates import weekday_date
from assessments.services import gap_analyses
from certifications.records import attention_by_user
from roadmap.dashboard import summarise_many
from roadmap.models import LearnerRoadmap

from .access import private_fields
from .models import Mentorship

M = Mentorship.Status

# The at-risk rule. Behind: projected to finish more than this many days after the planned finish
# (roadmap.progress.forecast: a learner exactly on plan is on time to the day, from the first evening)
# AND owing more than a week of study against the plan so far. The projection alone extrapolates
# four weeks of pace over years, so 45 minutes short in the first week already reads "a month late";
# a mentor should hear of a learner who has really fallen behind, not of one short evening.
BEHIND_LIMIT_DAYS = 14
BEHIND_LIMIT_WEEKS = 1
# ...or this many days or more since the last study session (or since the start, with none).
IDLE_LIMIT_DAYS = 10


def at_risk(*, ahead_days: int | None, owed_weeks: float, last_study: date | None, started: date,
            today: date) -> tuple[bool, str]:
    """Whether a mentee is at risk, and why: finishing over 14 days late at their pace while owing over a
    week of study, or 10 days without study. ``owed_weeks``: hours the plan asked for so far less hours
    logged, in weeks of the learner's target."""
    reasons = []
    if ahead_days is not None and -ahead_days > BEHIND_LIMIT_DAYS and owed_weeks > BEHIND_LIMIT_WEEKS:
        reasons.append(_("projected to finish %(days)d days late") % {"days": -ahead_days})
    idle_since = last_study or started
    idle = (today - idle_since).days
    if idle >= IDLE_LIMIT_DAYS:
        if last_study:
            reasons.append(_("no study for %(days)d days") % {"days": idle})
        else:
            reasons.append(_("no study logged in the %(days)d days since the start") % {"days": idle})
    return bool(reasons), "; ".join(reasons)


@dataclass
class MenteeRow:
    mentorship: Mentorship
    roadmap: LearnerRoadmap | None
    progress: int = 0
    hours_per_week_logged: float = 0.0
    ahead_days: int | None = None
    owed_weeks: float = 0.0
    last_activity: date | None = None
    certifications: list[str] = field(default_factory=list)
    gaps: list[gap.GapRow] = field(default_factory=list)
    at_risk: bool = False
    at_risk_reason: str = ""

    @property
    def user(self):
        return self.mentorship.learner

    @property
    def username(self) -> str:
        return self.user.get_username()

    @property
    def behind_days(self) -> int | None:
        return None if self.ahead_days is None else -self.ahead_days


SORTS = {
    "name": (lambda r: r.username.lower(), False),
    "progress": (lambda r: r.progress, True),
    "ahead": (lambda r: r.ahead_days if r.ahead_days is not None else -10**6, False),
    "activity": (lambda r: r.last_activity or date.min, True),
    "risk": (lambda r: (not r.at_risk, r.username.lower()), False),
}


def mentee_rows(*, mentor, today: date, sort: str = "risk", only_at_risk: bool = False,
                search: str = "") -> list[MenteeRow]:
    """Every active mentee with progress, pace, risk, coming certifications and largest gaps.

    A fixed number of queries however many mentees: each kind of row is read once for all.
    """
    mentorships = Mentorship.objects.filter(mentor=mentor, status=M.ACTIVE).select_related(
        "learner", "learner__roadmap", "learner__roadmap__target_role",
    ).defer(*private_fields(roadmap="learner__roadmap__"))
    if search:
        mentorships = mentorships.filter(learner__username__icontains=search.strip())
    rows = [MenteeRow(mentorship=m, roadmap=getattr(m.learner, "roadmap", None)) for m in mentorships]
    roadmaps = [r.roadmap for r in rows if r.roadmap]
    if roadmaps:
        _fill_progress(rows, roadmaps, today)
        _fill_certifications(rows, today)
        _fill_gaps(rows, roadmaps)
    for row in rows:
        started = row.roadmap.start_date if row.roadmap else row.mentorship.created.date()
        row.at_risk, row.at_risk_reason = at_risk(
            ahead_days=row.ahead_days, owed_weeks=row.owed_weeks, last_study=row.last_activity,
            started=min(started, today), today=today)
    if only_at_risk:
        rows = [r for r in rows if r.at_risk]
    key, reverse_order = SORTS.get(sort, SORTS["risk"])
    return sorted(rows, key=key, reverse=reverse_order)


def _fill_progress(rows: list[MenteeRow], roadmaps: list[LearnerRoadmap], today: date) -> None:
    """The figures of the learner's own dashboard (roadmap.dashboard), read for every mentee at once."""
    summaries = summarise_many(roadmaps, today=today, private=False)
    for row in rows:
        if row.roadmap is None:
            continue
        summary = summaries[row.roadmap.pk]
        row.progress = summary.percent_done
        row.hours_per_week_logged = round(summary.pace.minutes_per_week / 60, 1)
        row.ahead_days = summary.ahead_days
        row.owed_weeks = (summary.planned_hours - summary.logged_hours) / float(row.roadmap.hours_per_week)
        row.last_activity = max(summary.daily_minutes, default=None)


def _fill_certifications(rows: list[MenteeRow], today: date) -> None:
    """The learner's own dashboard panel (certifications.records.attention_by_user), read for every mentee at once:
    expired and expiring certifications, then exams ahead, most urgent first."""
    attention = attention_by_user(users=[row.user for row in rows], today=today)
    for row in rows:
        row.certifications = [_certification_text(item) for item in attention[row.user.pk]]


def _certification_text(item) -> str:
    name, record = item.record.certification.name, item.record
    if item.status == "expired":
        return _("%(name)s: expired on %(day)s") % {"name": name, "day": date_format(record.expires_on)}
    if item.expiring:
        return _("%(name)s: expires on %(day)s") % {"name": name, "day": date_format(record.expires_on)}
    return _("%(name)s: exam on %(day)s") % {"name": name, "day": weekday_date(record.exam_date)}


def _fill_gaps(rows: list[MenteeRow], roadmaps: list[LearnerRoadmap], *, count: int = 3) -> None:
    """The largest skill gaps against each mentee's target role: the learner's own gap analysis, batched."""
    analyses = gap_analyses(roadmaps)
    for row in rows:
        if row.roadmap is not None:
            row.gaps = [g for g in analyses[row.roadmap.pk].rows if g.gap > 0][:count]

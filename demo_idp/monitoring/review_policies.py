"""Reviewers under page review and under line review, side by side, for one capacity plan.

Page review: a person reads every page routed to review (the plan's review rate of the pages).
Line review: a person reads only the doubtful lines, and whole pages only where the line judgement
cannot be trusted; the work is the share of the OCR's words in lines routed to review, counted as
that share of pages read whole (at the same reading speed per word). Both plans differ only in
that rate, so the difference in reviewers is the difference the policy makes. The planner page and
its API both call side_by_side().
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Line
from . import capacity

PAGE, LINE = "page", "line"
# Fewer routed pages than this and the share of words is mostly the pages' own quirks.
MIN_LINE_PAGES = 20

# The plan's inputs other than the review rate, carried over to the line-review plan unchanged.
_CARRIED = ("documents_per_day", "pages_per_document", "sla_hours", "reviewer_pages_per_hour", "seconds_per_page",
            "cores_per_worker", "reviewer_hours_per_day", "arrival", "max_utilisation")


@dataclass(frozen=True)
class Policy:
    """One way of reviewing: what a person reads (share, a Figure) and the reviewers it needs."""

    name: str  # PAGE or LINE
    label: str
    share: capacity.Figure  # of pages (page review) or of words (line review) a person reads
    review_pages_per_day: float  # pages read whole, or their equivalent in lines
    reviewers_for_daily_work: int
    reviewers_needed: int | None  # None: no number of daytime reviewers meets the SLA
    max_review_wait_hours: float


def line_word_share(*, now: datetime | None = None, days: int = capacity.MEASURE_DAYS) -> capacity.Figure:
    """The share of the OCR's words in lines routed to review, over the pages read in the last
    `days` days that are still stored; the reference figure below MIN_LINE_PAGES pages."""
    now = now or timezone.now()
    found = Line.objects.filter(page__finished__gt=now - timedelta(days=days), page__finished__lte=now).aggregate(
        words=Sum("word_count"), reviewed=Sum("word_count", filter=Q(route=Line.Route.REVIEW)),
        pages=Count("page", distinct=True),
    )
    if found["pages"] >= MIN_LINE_PAGES and found["words"]:
        return capacity.Figure(
            found["reviewed"] / found["words"], capacity.MEASURED, found["pages"],
            _("%(k)s of the %(n)s words on the %(pages)s pages read in the last %(days)s days (and still stored) "
              "were in lines sent to a person") % {"k": found["reviewed"] or 0, "n": found["words"],
                                                    "pages": found["pages"], "days": days})
    return capacity.Figure(
        capacity.REFERENCE_LINE_WORD_SHARE, capacity.REFERENCE, 0,
        _("reference figure from the pipeline's evaluation on FUNSD forms (only %(n)s pages measured; "
          "%(needed)s needed)") % {"n": found["pages"], "needed": MIN_LINE_PAGES})


def side_by_side(plan: capacity.Plan, line_share: capacity.Figure) -> list[Policy]:
    """The plan's reviewers under page review, and the same plan's under line review."""
    line_plan = capacity.plan(**{name: getattr(plan, name) for name in _CARRIED}, review_rate=line_share.value)
    page_share = plan.figures.get("review_rate") or capacity.Figure(plan.review_rate, capacity.INPUT)
    return [
        _policy(PAGE, _("Page review: a person reads every routed page"), page_share, plan),
        _policy(LINE, _("Line review: a person reads the doubtful lines"), line_share, line_plan),
    ]


def _policy(name: str, label: str, share: capacity.Figure, plan: capacity.Plan) -> Policy:
    return Policy(
        name=name, label=label, share=share, review_pages_per_day=plan.review_pages_per_day,
        reviewers_for_daily_work=plan.reviewers_for_daily_work, reviewers_needed=plan.reviewers_needed,
        max_review_wait_hours=plan.max_review_wait_hours,
    )

"""What the pipeline dashboard shows, for a window and a filter, fitted to who is looking.

Visitors see aggregates only (reviewers are "Reviewer 1, 2, ..."); reviewers and staff see
reviewers' names and the failed documents with their reasons, which they may queue again.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts.roles import REVIEWER, has_role

from .. import charts
from . import calibration, metrics
from ..models import Document

FAILED_LISTED = 20


def sees_everything(user) -> bool:
    """Reviewers and staff (curators, admins) see names and failed documents; visitors aggregates."""
    return user.is_authenticated and (user.is_staff or has_role(user, REVIEWER))


@dataclass
class Stat:
    key: str
    label: str
    value: str
    note: str = ""


def build(win: metrics.Window, *, file_type: str = "", full: bool = False) -> dict:
    """Charts and headline figures; full adds reviewer names (else numbered)."""
    data = chart_data(win, file_type=file_type)
    through, latency, queue = data["throughput"], data["latency"], data["queue_depth"]
    histogram, review, failures, sla = (
        data["confidence_histogram"], data["review_rate"], data["failures"], data["sla"])
    reviewers = _named(data["reviewer_throughput"], full=full)
    threshold = calibration.current_threshold()
    chart_list = [
        charts.throughput(win, through), charts.latency(win, latency), charts.queue_depth(win, queue),
        charts.confidence_histogram(histogram, threshold=threshold), charts.review_rate(win, review),
        charts.failures(failures), charts.sla(sla), charts.reviewers(reviewers),
    ]
    o, now = latency["overall"], queue["now"]
    stats = [
        Stat("processed", _("Pages processed"), f"{through['totals']['processed']:,}",
             _count("%(n)s document uploaded", "%(n)s documents uploaded", through["totals"]["uploaded"])),
        Stat("latency", _("Upload to routed"), charts.duration(o["routed_p50"]),
             _("median; 95th percentile %(p95)s") % {"p95": charts.duration(o["routed_p95"])}),
        Stat("review_rate", _("Review rate"), charts.percent(review["rate"]),
             _count("%(n)s page", "%(n)s pages", review["to_review"])),
        Stat("failure_rate", _("Failure rate"), charts.percent(failures["rate"]),
             _count("%(n)s document", "%(n)s documents", failures["failed"])),
        Stat("sla", _("SLA compliance"), charts.percent(sla["compliance"]),
             _("final within %(h)d h") % {"h": sla["sla_hours"]}),
        Stat("queue", _("Waiting now"), f"{now['waiting_for_worker']:,} / {now['waiting_for_reviewer']:,}",
             _count("documents for a worker / pages for a reviewer (%(n)s doubtful line)",
                    "documents for a worker / pages for a reviewer (%(n)s doubtful lines)",
                    now["lines_for_reviewer"])),
    ]
    return {"charts": chart_list, "stats": stats, "reviewers": reviewers}


def chart_data(win: metrics.Window, *, file_type: str = "") -> dict:
    """metrics.charts (every chart in five queries), shared for a while by everyone looking.

    A day or a week of a busy service is a few hundred thousand events to aggregate (about half a
    second at a million, bench/dashboard.py), and the page refreshes itself every 30 seconds for
    every visitor: the day and week windows are kept IDP_DASHBOARD_CACHE_SECONDS, so the database
    does that work once per period however many people watch. The last hour, where a new event
    matters, is always fresh. The key holds the window's end, so a new bucket is a new entry.
    """
    seconds = settings.IDP_DASHBOARD_CACHE_SECONDS
    if win.name == "1h" or not seconds:
        return metrics.charts(win, file_type=file_type)
    key = f"idp-dashboard:{win.name}:{file_type}:{win.end.timestamp():.0f}"
    data = cache.get(key)
    if data is None:
        data = metrics.charts(win, file_type=file_type)
        cache.set(key, data, seconds)
    return data


def _count(singular: str, plural: str, n: int) -> str:
    return ngettext(singular, plural, n) % {"n": f"{n:,}"}


def _named(rows: list[dict], *, full: bool) -> list[dict]:
    for number, row in enumerate(rows, start=1):
        row["name"] = row["username"] if full else _("Reviewer %(n)d") % {"n": number}
        if not full:
            row.pop("username", None)
            row.pop("reviewer_id", None)
    return rows


def failed_documents() -> list[Document]:
    """The latest failed documents, for reviewers and staff to read the reason and retry."""
    return list(Document.objects.filter(status=Document.Status.FAILED).order_by("-finished", "-id")[:FAILED_LISTED])


def as_json(data: dict) -> dict:
    return {
        "charts": [{"id": c.id, "title": c.title, "summary": c.summary, "figure": c.figure} for c in data["charts"]],
        "stats": {s.key: {"value": s.value, "note": s.note} for s in data["stats"]},
    }

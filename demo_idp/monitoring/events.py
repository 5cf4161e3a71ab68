"""The milestones the pipeline records for the dashboards, calibration, capacity planner and /metrics.

Each is one StageEvent row per (document, page, stage), written again on a redelivery, never twice.
The processing stages of a page (clean, deskew, orientation, ocr, store, route) and of a document
(rasterise) are recorded by pipeline.py with their durations; these milestones add what the charts
group by. Every event copies what it needs (file type, confidence, route) because the document it
describes is deleted after the retention period while a week of metrics must stay.
"""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone

from ..models import Document, Page, StageEvent

UPLOAD = "upload"  # document: accepted at upload (started = finished = upload time)
QUEUE = "queue"  # document: from upload (or a retry) to a worker picking it up
PAGE = "page"  # page: read and routed; duration = seconds of work, label = route, confidence
ROUTED = "routed"  # document: from upload to every page routed; label = needs_review or done
REVIEW = "review"  # page: from claim to submit; reviewer, confidence, error, label = review_label()
LINE_REVIEW = "line_review"  # line: from claim to decision; as REVIEW, with the line and its confidence
FINAL = "final"  # document: from upload to done; label = on_time or late against its SLA deadline
FAILED = "failed"  # document: from upload to failure; label = the failure kind

MILESTONES = (UPLOAD, QUEUE, PAGE, ROUTED, REVIEW, FINAL, FAILED)
PROCESSING = ("rasterise", "clean", "deskew", "orientation", "ocr", "store", "route")

ON_TIME, LATE = "on_time", "late"
AUDIT, RULES = "audit", "rules"
# A page whose doubtful lines were read one by one (lines.py) is reviewed too, but its event's
# seconds are those lines', not a whole page's reading: its own labels keep the reviewers' speed in
# pages an hour (capacity planner, dashboard) measured on whole pages only.
AUDIT_BY_LINES, RULES_BY_LINES = "audit_lines", "rules_lines"
BY_LINES = (AUDIT_BY_LINES, RULES_BY_LINES)


def review_label(*, audit: bool, by_lines: bool = False) -> str:
    if by_lines:
        return AUDIT_BY_LINES if audit else RULES_BY_LINES
    return AUDIT if audit else RULES


def is_audit(label: str) -> bool:
    """Whether a review event (of a page, whole or by lines, or of a line) was a random audit."""
    return label in (AUDIT, AUDIT_BY_LINES)

# Why a document failed, for "failure rate by reason" (the sentence itself stays on the document).
BAD_INPUT = "bad_input"
ENGINE_REFUSED = "engine_refused"
TIME_LIMIT = "time_limit"
ERROR = "error"
PAGE_CRASHED = "page_crashed"  # a page stopped the process reading it every time (pipeline.MAX_PAGE_ATTEMPTS)
FAILURE_KINDS = {
    BAD_INPUT: "Bad input",
    ENGINE_REFUSED: "Engine refused a page",
    TIME_LIMIT: "Time limit",
    ERROR: "Error after retries",
    PAGE_CRASHED: "Page stopped the reader",
}

# A review (claim to submit) shorter than this is no reading of a page (nobody reads and corrects one
# faster): a scripted or accidental submit. The capacity planner leaves such reviews out of a measured
# reviewer speed, and the dashboard gives no pages per hour for a median below it.
MIN_REVIEW_SECONDS = 5


def record(
    document: Document,
    page: Page | None,
    stage: str,
    started: datetime,
    finished: datetime | None = None,
    **fields,
) -> StageEvent:
    """Write the (document, page, stage) event, replacing an earlier one (a redelivery or a retry)."""
    finished = finished or started
    defaults = {
        "started": started,
        "finished": finished,
        "duration": max(0.0, (finished - started).total_seconds()),
        "file_type": document.content_type,
        **fields,  # may set the duration itself: the work done, where waiting is not part of it
    }
    event, _created = StageEvent.objects.update_or_create(
        document=document, page=page, stage=stage, defaults=defaults
    )
    return event


def uploaded(document: Document) -> None:
    record(document, None, UPLOAD, document.created)


def picked_up(document: Document, at: datetime) -> None:
    """A worker took the document for the first time: its wait in the queue since upload."""
    record(document, None, QUEUE, document.created, at)


def page_routed(page: Page) -> None:
    # Duration: the seconds of work its stages measured, what a core spends on a page.
    record(
        page.document, page, PAGE, page.started, page.finished,
        duration=round(sum(page.timings.values()), 4), label=page.route, confidence=page.mean_confidence,
    )


def document_routed(document: Document, status: str, at: datetime) -> None:
    record(document, None, ROUTED, document.created, at, label=status)
    if status == Document.Status.DONE:
        final(document, at)


def final(document: Document, at: datetime | None = None) -> None:
    at = at or timezone.now()
    late = document.sla_deadline is not None and at > document.sla_deadline
    record(document, None, FINAL, document.created, at, label=LATE if late else ON_TIME)


def failed(document: Document, kind: str, at: datetime) -> None:
    record(document, None, FAILED, document.created, at, label=kind)


def reviewed(page: Page, *, reviewer, claimed_at: datetime | None, submitted_at: datetime, error: float,
             audit: bool, seconds: float | None = None) -> None:
    """seconds: the work, when it is not claim to submit: a page reviewed line by line, its lines' sum
    (labelled as such, see AUDIT_BY_LINES)."""
    extra = {} if seconds is None else {"duration": seconds}
    record(
        page.document, page, REVIEW, claimed_at or submitted_at, submitted_at,
        reviewer=reviewer, confidence=page.mean_confidence, error=error,
        label=review_label(audit=audit, by_lines=seconds is not None), **extra,
    )


def line_reviewed(line, *, reviewer, error: float | None, audit: bool) -> None:
    """A line's review (claim to decision), one event per line: confidence is the line's, error its
    measured error (None for an unreadable line), label audit or rules as for pages."""
    finished = line.reviewed_at or timezone.now()
    StageEvent.objects.update_or_create(
        document=line.page.document, page=line.page, line=line, stage=LINE_REVIEW,
        defaults={
            "started": line.claimed_at or finished, "finished": finished,
            "duration": max(0.0, (finished - (line.claimed_at or finished)).total_seconds()),
            "file_type": line.page.document.content_type, "reviewer": reviewer, "confidence": line.confidence,
            "error": error, "label": AUDIT if audit else RULES,
        },
    )


def line_review_seconds(page: Page) -> float:
    """The seconds people spent on a page's lines, claim to decision, summed."""
    durations = StageEvent.objects.filter(page=page, stage=LINE_REVIEW).values_list("duration", flat=True)
    return round(sum(durations), 3)


def measured_error(edit_distance: int, corrected: str) -> float:
    """Edit distance over the length of the corrected (true) text: a character error rate, at most 1.

    A reading of noise can be longer than the text ("i DICKSTEIN" corrected to "D" is ten edits for
    one character): uncapped, that one line would count as 1000% wrong and outweigh a hundred good
    lines in the calibration's mean error. Capped, it counts as entirely wrong, which it is.
    """
    return min(1.0, edit_distance / max(1, len(corrected)))

"""Line review: a person reads the doubtful lines of a page, not the page.

The pipeline routes each OCR line (routing.route_lines) and stores it as a `Line`. Accepted lines
carry their final text at once; doubtful lines wait in a queue.

Interface (plain functions; every one taking a reviewer raises LineError when the action is not
possible now, with `reason` for the person and `status`, the HTTP status to answer):

    line_queue(reviewer=None) -> QuerySet[Line]
        doubtful lines available to work, earliest SLA deadline first (then document, page,
        line); with reviewer, the lines they hold are included.
    claim_line(line=, reviewer=) -> Line          lock one line until IDP_CLAIM_MINUTES pass
    claim_next(reviewer=) -> Line | None          the first line of line_queue, claimed
    release_line(line=, reviewer=) -> Line        give a claimed line back to the queue
    correct_line(line=, reviewer=, text=) -> Line store the line's corrected text
    confirm_line(line=, reviewer=) -> Line        accept the line as read
    mark_unreadable(line=, reviewer=) -> Line     nobody can read it: its final text is empty
    page_final_text(page) -> str                  the page's text from its lines' final texts
    document_final_text(document) -> str          the pages' final texts, a form feed between

correct/confirm/unreadable need the reviewer's claim (a lapsed claim nobody else took still
counts). Each records a line review event with its measured error (events.line_reviewed). When
the last doubtful line of a page is done, the page gets its final text, becomes reviewed with a
page review event (as a page review would record), and the document completes once no page
waits (pipeline.complete_if_reviewed). Calibration reads the line events per confidence bin
(monitoring.calibration.line_reliability).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Q, QuerySet
from django.utils import timezone
from rapidfuzz.distance import Levenshtein

from . import routing
from .models import Document, Line, Page
from .monitoring import events
from .pipeline import complete_if_reviewed
from .review import ReviewError

MAX_LINE_TEXT = 2_000  # a line is a line: far beyond this, it is a paste gone wrong

Status = Line.Status


class LineError(ReviewError):
    """The line action is not possible now; `reason` says why, `status` is the HTTP status."""


def _available(now, reviewer=None) -> Q:
    rule = Q(status=Status.OPEN) | Q(status=Status.CLAIMED, claim_expires__lt=now)
    if reviewer is not None:
        rule |= Q(status=Status.CLAIMED, reviewer=reviewer)
    return rule


def line_queue(*, reviewer=None) -> QuerySet[Line]:
    """Doubtful lines waiting for a person, earliest SLA deadline first; with reviewer, theirs too."""
    return (
        Line.objects.filter(_available(timezone.now(), reviewer))
        .select_related("page__document", "reviewer")
        .order_by("page__document__sla_deadline", "page__document_id", "page__number", "number")
    )


def claim_line(*, line: Line, reviewer) -> Line:
    """Lock the line for this reviewer until the claim expires (renewed if already theirs)."""
    now = timezone.now()
    claimed = Line.objects.filter(_available(now, reviewer), pk=line.pk).update(
        status=Status.CLAIMED, reviewer=reviewer, claimed_at=now,
        claim_expires=now + timedelta(minutes=settings.IDP_CLAIM_MINUTES),
    )
    if claimed != 1:
        raise LineError(_why_not(line))
    return Line.objects.get(pk=line.pk)


def claim_next(*, reviewer) -> Line | None:
    """Claim the first line of the queue for this reviewer (theirs first); None when it is empty.

    Two reviewers asking at once may race for the same line: the loser takes the next one.
    """
    for line in line_queue(reviewer=reviewer)[:20]:
        try:
            return claim_line(line=line, reviewer=reviewer)
        except LineError:
            continue
    return None


def release_line(*, line: Line, reviewer) -> Line:
    """Give back a line this reviewer holds: it returns to the queue for anyone."""
    released = Line.objects.filter(pk=line.pk, status=Status.CLAIMED, reviewer=reviewer).update(
        status=Status.OPEN, reviewer=None, claimed_at=None, claim_expires=None
    )
    if released != 1:
        raise LineError(_why_not(line, releasing=True))
    return Line.objects.get(pk=line.pk)


def correct_line(*, line: Line, reviewer, text: str) -> Line:
    """Store the line's corrected text (one line: no line breaks); empty text is refused (400)."""
    text = " ".join(text.split())
    if not text:
        raise LineError("the corrected text is empty: confirm the line or mark it unreadable instead", 400)
    if len(text) > MAX_LINE_TEXT:
        raise LineError(f"the text is longer than {MAX_LINE_TEXT:,} characters", 400)
    return _decide(line, reviewer, Status.CORRECTED, text)


def confirm_line(*, line: Line, reviewer) -> Line:
    """Accept the line as the OCR read it."""
    return _decide(line, reviewer, Status.CONFIRMED, line.text)


def mark_unreadable(*, line: Line, reviewer) -> Line:
    """Nobody can read the line: it adds nothing to the final text, and measures no error."""
    return _decide(line, reviewer, Status.UNREADABLE, "")


def page_final_text(page: Page) -> str:
    """The page's final text: its lines' final texts in order, one per line (empty ones left out)."""
    return routing.join_lines(page.lines.order_by("number").values_list("final_text", flat=True))


def document_final_text(document: Document) -> str:
    """Every page's final text in page order, a form feed between pages (as the download gives)."""
    return "\f\n".join(document.pages.order_by("number").values_list("final_text", flat=True))


def _decide(line: Line, reviewer, status: str, final_text: str) -> Line:
    now = timezone.now()
    with transaction.atomic():
        decided = Line.objects.filter(pk=line.pk, status=Status.CLAIMED, reviewer=reviewer).update(
            status=status, final_text=final_text, reviewed_at=now,
            corrected_text=final_text if status == Status.CORRECTED else "",
        )
        if decided != 1:
            raise LineError(_why_not(line, submitting=True))
        line = Line.objects.select_related("page__document").get(pk=line.pk)
        error = None
        if status != Status.UNREADABLE:
            error = events.measured_error(Levenshtein.distance(line.text, final_text), final_text)
        events.line_reviewed(line, reviewer=reviewer, error=error, audit=routing.is_audit(line.reason))
        _finish_page_if_done(line.page, reviewer, now)
    return line


def _finish_page_if_done(page: Page, reviewer, now) -> None:
    """The page is reviewed once none of its lines waits; its final text assembled from the lines."""
    if page.lines.exclude(status__in=Line.DECIDED).exists():
        return
    text = page_final_text(page)
    if not Page.objects.filter(pk=page.pk, status=Page.Status.NEEDS_REVIEW).update(
        status=Page.Status.REVIEWED, stage="reviewed", final_text=text
    ):
        return
    page.final_text = text
    first_claim = page.lines.filter(route=Line.Route.REVIEW).aggregate(first=Min("claimed_at"))["first"]
    # Measured against the lines as read (not page.text): the error is what the reviewers changed.
    read = routing.join_lines(page.lines.order_by("number").values_list("text", flat=True))
    events.reviewed(
        page, reviewer=reviewer, claimed_at=first_claim or now, submitted_at=now,
        error=events.measured_error(Levenshtein.distance(read, text), text),
        audit=routing.is_audit(page.route_reason), seconds=events.line_review_seconds(page),
    )
    complete_if_reviewed(page.document)


def _why_not(line: Line, *, submitting: bool = False, releasing: bool = False) -> str:
    current = Line.objects.filter(pk=line.pk).values_list("status", flat=True).first()
    if current is None:
        return "this line no longer exists"
    if current == Status.ACCEPTED:
        return "this line was accepted automatically and needs no review"
    if current == Status.WITH_PAGE:
        return "this line is reviewed with its whole page"
    if current in Line.DECIDED:
        return "this line has already been reviewed"
    if releasing and current == Status.OPEN:
        return "this line is not claimed: there is nothing to give back"
    if submitting and current == Status.OPEN:
        return "claim the line before reviewing it"
    if current == Status.CLAIMED:
        return "another reviewer is working on this line"
    return "the line cannot be claimed now"

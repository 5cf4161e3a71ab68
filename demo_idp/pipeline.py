"""What the worker does to a document: plain functions, called by the thin task in tasks.py.

Every write is idempotent so that a redelivered task (after a worker died) finishes the work
without duplicating anything: the document is claimed with a conditional UPDATE, pages are
get_or_create'd by number and skipped once finished, a page's results, events and review are
written in one transaction, and the audit sample is drawn from an rng seeded by the page's id.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from . import routing
from .intake import storage
from .intake.sniff import BadInput
from .models import Document, Line, Page, Review
from .monitoring import calibration, events
from .ocr import engines, rasterise

Status = Document.Status

# Tries at reading one page. A try that ends in an exception gives its count back (the worker
# lived); one that killed the process reading it (a crash in the OCR's native code, memory) never
# returns to give it back, so a page that kills every process reading it is failed after this many
# kills instead of being redelivered forever.
MAX_PAGE_ATTEMPTS = 3
CRASHED_READER = "page {number} stopped the reader three times; it may be damaged: try another scan"


class PageCrashedReader(Exception):
    """The page used up its tries: each one ended with the process reading it killed."""


def routing_rules() -> routing.RoutingRules:
    """The routing thresholds: the one last applied on the calibration page is both T (pages) and
    T_L (lines, what the pipeline routes by); until one is, the settings' T and T_L. W, S and P
    from the settings."""
    page_threshold, line_threshold = calibration.thresholds()
    return routing.RoutingRules(
        min_mean_confidence=page_threshold,
        low_word_confidence=settings.IDP_LOW_WORD_CONFIDENCE,
        max_low_share=settings.IDP_MAX_LOW_SHARE,
        audit_share=settings.IDP_AUDIT_SHARE,
        min_line_confidence=line_threshold,
    )


def process_document(*, document_id: int, engine: engines.Engine | None = None) -> str | None:
    """Process every unfinished page of a document; return its final status (None if deleted).

    engine: the OCR engine to read pages with; by default the one IDP_OCR_ENGINE names.
    """
    document = Document.objects.filter(pk=document_id).first()
    if document is None:
        return None  # deleted (retention, or its owner) while it waited in the queue
    first_time = document.started is None
    if not document.advance(Status.PROCESSING, started=document.started or timezone.now()):
        return document.status  # finished or failed already: a late duplicate delivery
    if first_time:
        events.picked_up(document, document.started)
    images = _rasterise(document)
    if images is None:
        return document.status
    pages = ensure_pages(document, len(images))
    engine = engine or engines.engine_from_settings()
    for page, image in zip(pages, images):
        if page.status not in Page.FINISHED:
            try:
                process_page(page, image, engine=engine)
            except PageCrashedReader:
                fail_document(document, CRASHED_READER.format(number=page.number), kind=events.PAGE_CRASHED)
                return document.status
            except BadInput as error:  # the engine refused the page: no retry helps
                fail_document(document, f"page {page.number}: {error.reason}", kind=events.ENGINE_REFUSED)
                return document.status
            except Exception:  # the process lives: this try killed nothing, so it does not count
                Page.objects.filter(pk=page.pk, attempts__gt=0).update(attempts=F("attempts") - 1)
                raise
    return finish_document(document)


def _rasterise(document: Document):
    started = timezone.now()
    Page.objects.filter(document=document, status=Page.Status.QUEUED).update(stage="rasterising")
    data = storage.get(document.storage_key)
    try:
        images = rasterise.rasterise(data)  # within the settings' limits
    except BadInput as error:
        fail_document(document, error.reason)
        return None
    events.record(document, None, "rasterise", started, timezone.now())
    return images


def ensure_pages(document: Document, count: int) -> list[Page]:
    """One Page row per page number, created once: progress shows every page from the start."""
    existing = {page.number: page for page in document.pages.all()}
    missing = [Page(document=document, number=n) for n in range(1, count + 1) if n not in existing]
    Page.objects.bulk_create(missing, ignore_conflicts=True)
    if document.page_count != count:
        Document.objects.filter(pk=document.pk).update(page_count=count)
    return list(document.pages.filter(number__lte=count).order_by("number"))


def process_page(page: Page, image, *, engine: engines.Engine | None = None) -> Page:
    """OCR one page, store its upright image, route it; results, events and review in one commit."""
    started = timezone.now()
    start_page(page, started)
    result = (engine or engines.engine_from_settings()).read(image)
    timings = dict(result.timings)

    Page.objects.filter(pk=page.pk).update(stage="saving")
    with _timer(timings, "store"):
        key = storage.put_image(storage.page_image_key(page.document_id, page.number), result.image)

    with _timer(timings, "route"):
        # Line by line; seeded by the page's id: a redelivered task draws the same audit decision.
        decision = routing.route_lines(
            result.words, rules=routing_rules(), rng=random.Random(f"idp-page:{page.pk}"),
            orientation_method=result.orientation_method, orientation_confidence=result.orientation_confidence,
            ink_share=routing.ink_share(result.image) if not result.words else 1.0,
        )
    review = decision.route == routing.REVIEW
    with transaction.atomic():
        page.image_key = key
        page.width, page.height = result.image.size
        page.rotation = result.rotation
        page.skew_angle = round(result.skew_angle, 2)
        page.orientation_method = result.orientation_method
        page.text = result.text
        page.words = [
            {"text": w.text, "confidence": round(w.confidence, 1), "box": list(w.box), "line": w.line}
            for w in result.words
        ]
        page.mean_confidence = result.mean_confidence
        page.low_confidence_share = result.low_confidence_share
        page.route = decision.route
        page.route_reason = decision.reason
        page.final_text = "" if review else routing.join_lines(line.text for line, _r, _why in decision.lines)
        page.timings = timings
        page.status = Page.Status.NEEDS_REVIEW if review else Page.Status.DONE
        page.stage = "needs review" if review else "done"
        page.started = started
        page.finished = timezone.now()
        page.save()
        _store_lines(page, decision)
        _record_page_events(page, started, timings)
        events.page_routed(page)
        if decision.whole_page:
            Review.objects.get_or_create(page=page)
    return page


def start_page(page: Page, started: datetime) -> None:
    """Count a try at the page before the OCR starts; PageCrashedReader once the tries are used up.

    One conditional UPDATE both counts and checks, so two deliveries starting the page at once
    count two tries, never one, and neither starts a try past the limit."""
    counted = Page.objects.filter(pk=page.pk, attempts__lt=MAX_PAGE_ATTEMPTS).update(
        attempts=F("attempts") + 1, status=Page.Status.PROCESSING, stage="reading", started=started
    )
    if not counted:
        raise PageCrashedReader(page.pk)
    page.refresh_from_db(fields=["attempts"])  # the page is saved whole once read: keep the count


def _store_lines(page: Page, decision: routing.PageDecision) -> None:
    """The page's lines as routed, replacing any from an earlier delivery; lines.py reviews them.

    On a page that went whole to review they are only shown (WITH_PAGE): the page's review covers them."""
    page.lines.all().delete()
    status = Line.Status
    rows = []
    for line, route, reason in decision.lines:
        accepted = route == routing.AUTO_ACCEPTED
        rows.append(Line(
            page=page, number=line.number, text=line.text, confidence=line.confidence,
            min_confidence=line.min_confidence, word_count=len(line.words), box=line.box,
            route=Line.Route.ACCEPTED if accepted else Line.Route.REVIEW, reason=reason[:300],
            status=status.WITH_PAGE if decision.whole_page else status.ACCEPTED if accepted else status.OPEN,
            final_text=line.text if accepted else "",
        ))
    Line.objects.bulk_create(rows)


def finish_document(document: Document) -> str:
    """needs_review while any page waits for a person, done otherwise."""
    waiting = document.pages.filter(status=Page.Status.NEEDS_REVIEW).exists()
    now = timezone.now()
    if document.advance(Status.NEEDS_REVIEW if waiting else Status.DONE, finished=now):
        events.document_routed(document, document.status, now)
    return document.status


def complete_if_reviewed(document: Document) -> None:
    """After a review: the document is done once no page waits for one."""
    if not document.pages.exclude(status__in=(Page.Status.DONE, Page.Status.REVIEWED)).exists():
        if document.advance(Status.DONE):
            events.final(document)


def fail_document(document: Document, reason: str, *, kind: str = events.BAD_INPUT) -> None:
    """Bad input, or processing that cannot succeed: failed at once, with the reason for its owner.

    kind is one of events.FAILURE_KINDS, what the dashboard's failure chart groups by.
    """
    now = timezone.now()
    with transaction.atomic():
        if document.advance(Status.FAILED, error=reason[:1000], finished=now):
            document.pages.exclude(status__in=Page.FINISHED).update(status=Page.Status.FAILED, stage="failed")
            events.failed(document, kind, now)


def _record_page_events(page: Page, started: datetime, timings: dict[str, float]) -> None:
    # The OCR core reports seconds per stage in pipeline order; laid end to end from the page's start.
    at = started
    for stage, seconds in timings.items():
        end = at + timedelta(seconds=seconds)
        events.record(page.document, page, stage, at, end)
        at = end


class _timer:
    def __init__(self, timings: dict[str, float], stage: str):
        self.timings, self.stage = timings, stage

    def __enter__(self):
        self.start = timezone.now()

    def __exit__(self, *exc):
        elapsed = (timezone.now() - self.start).total_seconds()
        self.timings[self.stage] = round(self.timings.get(self.stage, 0.0) + elapsed, 4)

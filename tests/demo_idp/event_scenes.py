"""Pipeline histories written as events, for the monitoring tests, the dashboard and browser tests.

pipeline_history: documents uploaded over the last 50 minutes: most auto-accepted, some reviewed,
one failed, one still queued; every milestone a chart reads is present, so every chart has data.
Below it, single events and rows the metrics, capacity and calibration tests build by hand.
"""

import secrets
from datetime import timedelta

from django.utils import timezone

from demo_idp.monitoring import events
from demo_idp.models import Document, Line, Page, Review, StageEvent


def _event(document, page, stage, started, finished, **fields):
    return StageEvent(document=document, page=page, stage=stage, started=started, finished=finished,
                      duration=(finished - started).total_seconds(), file_type=document.content_type, **fields)


def pipeline_history(*, reviewer, now=None, documents: int = 12) -> list[Document]:
    now = now or timezone.now()
    rows, made = [], []
    for n in range(documents):
        created = now - timedelta(minutes=50 - 4 * n)
        kind = "pdf" if n % 3 == 0 else "png"
        status = Document.Status.FAILED if n == 1 else Document.Status.QUEUED if n == documents - 1 else Document.Status.DONE
        doc = Document.objects.create(
            original_name=f"scan-{n}.{kind}", sha256=secrets.token_hex(32), storage_key=f"k{n}", content_type=kind, size=100,
            page_count=1, status=status, created=created, sla_deadline=created + timedelta(hours=48),
            error="the PDF is encrypted (password-protected); upload an unprotected copy" if n == 1 else "",
            finished=created + timedelta(seconds=30) if status != Document.Status.QUEUED else None,
        )
        made.append(doc)
        rows.append(_event(doc, None, events.UPLOAD, created, created))
        if status == Document.Status.QUEUED:
            continue
        picked = created + timedelta(seconds=5 + n)
        rows.append(_event(doc, None, events.QUEUE, created, picked))
        if status == Document.Status.FAILED:
            rows.append(_event(doc, None, events.FAILED, created, picked, label=events.BAD_INPUT))
            continue
        reviewed = n % 4 == 0
        confidence = 62.0 + n if reviewed else 84.0 + n
        page = Page.objects.create(document=doc, number=1, status="reviewed" if reviewed else "done",
                                   mean_confidence=confidence, route="review" if reviewed else "auto_accepted")
        routed_at = picked + timedelta(seconds=3)
        rows.append(_event(doc, page, "ocr", picked, routed_at))
        rows.append(_event(doc, page, events.PAGE, picked, routed_at, label=page.route, confidence=confidence))
        rows.append(_event(doc, None, events.ROUTED, created, routed_at,
                           label="needs_review" if reviewed else "done"))
        final_at = routed_at
        if reviewed:
            Review.objects.create(page=page, status=Review.Status.SUBMITTED, reviewer=reviewer)
            claimed, final_at = routed_at + timedelta(seconds=20), routed_at + timedelta(seconds=80 + n)
            rows.append(_event(doc, page, events.REVIEW, claimed, final_at, reviewer=reviewer,
                               confidence=confidence, error=0.08, label=events.RULES))
        rows.append(_event(doc, None, events.FINAL, created, final_at, label=events.ON_TIME))
    StageEvent.objects.bulk_create(rows)
    return made


# Single events and rows, for the metrics, capacity and calibration tests


def event(stage, finished, *, duration=1.0, file_type="png", **fields) -> StageEvent:
    return StageEvent.objects.create(
        stage=stage, started=finished - timedelta(seconds=duration), finished=finished, duration=duration,
        file_type=file_type, **fields,
    )


def at(win, minute, seconds=30):
    """An instant inside bucket `minute` of a one-hour window."""
    return win.start + timedelta(minutes=minute, seconds=seconds)


def document(*, status=Document.Status.QUEUED, content_type="png", deadline=None, name="scan") -> Document:
    return Document.objects.create(
        visitor_id="v", original_name=f"{name}.{content_type}", sha256=name.ljust(64, "0"), storage_key="k",
        content_type=content_type, size=1, status=status, sla_deadline=deadline,
    )


def open_review(doc: Document, number=1, status=Review.Status.OPEN) -> Review:
    # As the pipeline leaves it: waiting for a person until its review is submitted.
    waits = Page.Status.REVIEWED if status == Review.Status.SUBMITTED else Page.Status.NEEDS_REVIEW
    page = Page.objects.create(document=doc, number=number, route=Page.Route.REVIEW, status=waits)
    return Review.objects.create(page=page, status=status)


def event_days_ago(stage, *, seconds, label="", days_ago=1.0):
    """A stage event that finished days_ago days ago and took `seconds`."""
    finished = timezone.now() - timedelta(days=days_ago)
    return StageEvent.objects.create(stage=stage, started=finished - timedelta(seconds=seconds), finished=finished,
                                     duration=seconds, label=label, file_type="png")


def routed(confidence, count=1, *, route="auto_accepted", ago=timedelta(hours=1)):
    """`count` page events at this confidence, as the pipeline records a routed page."""
    at = timezone.now() - ago
    StageEvent.objects.bulk_create(
        StageEvent(stage=events.PAGE, started=at, finished=at, duration=1.0, label=route, confidence=confidence)
        for _ in range(count)
    )


def reviewed(confidence, error, count=1, *, audit=False, ago=timedelta(hours=1)):
    """`count` review events: pages at this confidence whose correction measured this error."""
    at = timezone.now() - ago
    StageEvent.objects.bulk_create(
        StageEvent(stage=events.REVIEW, started=at, finished=at, duration=60.0, confidence=confidence, error=error,
                   label=events.AUDIT if audit else events.RULES)
        for _ in range(count)
    )


def calibrated_history(*, lines: bool = True):
    """A month of pages: error falls as confidence rises; the audit measured the accepted bins.
    With lines (calibrated_lines) unless lines=False."""
    for confidence, error, pages, sampled in ((62.0, 0.20, 20, 20), (72.0, 0.08, 20, 20),
                                              (82.0, 0.03, 100, 10), (92.0, 0.01, 100, 10)):
        routed(confidence, pages)
        reviewed(confidence, error, sampled, audit=confidence >= 80)
    if lines:
        calibrated_lines()


def lines_read(confidence, count=1, *, finished=None) -> None:
    """`count` stored lines at this confidence, on a page read an hour ago (or at `finished`)."""
    finished = finished or timezone.now() - timedelta(hours=1)
    doc = Document.objects.create(visitor_id="v", original_name="lines.png", sha256=secrets.token_hex(32),
                                  storage_key="k", content_type="png", size=1, status=Document.Status.DONE)
    page = Page.objects.create(document=doc, number=1, status=Page.Status.DONE, finished=finished)
    Line.objects.bulk_create(
        Line(page=page, number=n, confidence=confidence, min_confidence=confidence, route=Line.Route.ACCEPTED,
             status=Line.Status.ACCEPTED)
        for n in range(1, count + 1)
    )


def lines_reviewed(confidence, error, count=1, *, audit=False, ago=timedelta(hours=1)):
    """`count` line review events: lines at this confidence whose decision measured this error."""
    at = timezone.now() - ago
    StageEvent.objects.bulk_create(
        StageEvent(stage=events.LINE_REVIEW, started=at, finished=at, duration=20.0, confidence=confidence,
                   error=error, label=events.AUDIT if audit else events.RULES)
        for _ in range(count)
    )


def calibrated_lines():
    """Lines: error falls as confidence rises; below T_L (70) every line reviewed, above it the audit."""
    for confidence, error, lines, sampled in ((45.0, 0.30, 30, 30), (62.0, 0.12, 60, 60),
                                              (72.0, 0.04, 200, 10), (88.0, 0.01, 400, 20)):
        lines_read(confidence, lines)
        lines_reviewed(confidence, error, sampled, audit=confidence >= 70)

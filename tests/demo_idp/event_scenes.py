"""A small pipeline history written as events, for the dashboard's page, JSON and browser tests.

Documents uploaded over the last 50 minutes: most auto-accepted, some reviewed, one failed, one
still queued; every milestone a chart reads is present, so every chart has data.
"""

import secrets
from datetime import timedelta

from django.utils import timezone

from demo_idp import events
from demo_idp.models import Document, Page, Review, StageEvent


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

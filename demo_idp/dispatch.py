"""Queueing work for the Celery workers: the only module that sends tasks.

Tasks are sent by name through the project's Celery app, so this module imports no task module:
tasks.py imports the pipeline (which knows nothing of queues) and this module (for the beat job
that requeues), while uploads and views import this module to queue. The import graph stays a
tree whichever way a function is called, with no function-level import to hide a circle in.
tests/demo_idp/test_dispatch.py checks that every name below is a task the worker registers.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from config.celery import app

from .models import Document, Page

log = logging.getLogger(__name__)

PROCESS_DOCUMENT = "demo_idp.tasks.process_document"


def send(name: str, *args) -> None:
    """Send a task now; a broker that is down is logged, not raised (the beat job sends again)."""
    try:
        app.send_task(name, args=args)
    except Exception:  # the broker is down: the document stays queued and can be sent again
        log.exception("could not queue %s%r", name, args)


def enqueue(document_id: int) -> None:
    """Queue processing once the document's row is committed, so the worker can find it."""
    transaction.on_commit(lambda: send(PROCESS_DOCUMENT, document_id))


def retry_document(document: Document) -> bool:
    """Queue a failed document again; pages already finished are kept. False if it had not failed."""
    with transaction.atomic():
        if not document.advance(Document.Status.QUEUED, error="", finished=None):
            return False
        # Fresh tries for its pages: the owner asked for them, knowing a page may have crashed the reader.
        document.pages.filter(status=Page.Status.FAILED).update(status=Page.Status.QUEUED, stage="queued", attempts=0)
        enqueue(document.pk)
    return True


def requeue_stale(*, older_than: timedelta = timedelta(minutes=10)) -> int:
    """Queue again the documents still waiting long after upload (the broker was down when they came).

    Safe to repeat: the task claims a document with a conditional update, so a second
    delivery of a document already being processed does nothing.
    """
    stale = list(
        Document.objects.filter(status=Document.Status.QUEUED, created__lt=timezone.now() - older_than)
        .values_list("pk", flat=True)
    )
    for document_id in stale:
        enqueue(document_id)
    return len(stale)

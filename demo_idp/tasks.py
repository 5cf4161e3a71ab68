"""Celery tasks of the demo: thin, they take ids and call plain functions (pipeline, retention, dispatch).

acks_late (set for every task in the settings) means a worker killed mid-document leaves the
message unacknowledged, so another worker gets it and the idempotent pipeline carries on: at once
when one pool process died (the worker rejects the message), after the broker's visibility timeout
when the whole worker died (CELERY_VISIBILITY_TIMEOUT in the settings). A page that kills its
process every time is failed by the pipeline after three tries (pipeline.MAX_PAGE_ATTEMPTS).
Nothing imports this module but Celery's autodiscovery: dispatch.py sends these tasks by name.
"""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import OperationalError

from . import dispatch, pipeline
from .intake import retention
from .models import Document
from .monitoring import events, rollups

log = logging.getLogger(__name__)

TIME_LIMIT = settings.CELERY_TASK_TIME_LIMIT
# Raised inside the task before the hard limit kills it, so on_failure can fail the document:
# 30 seconds before it, or a tenth of a short limit.
SOFT_TIME_LIMIT = max(1, TIME_LIMIT - min(30, TIME_LIMIT // 10))
# A retry waits in the worker, unacknowledged, before it runs: its wait plus the task's time limit
# stays within the visibility timeout, so the broker never hands a waiting retry out a second time.
RETRY_WAIT_MAX = min(120, settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] - TIME_LIMIT)

# Only faults that may go away by themselves are retried: storage and network I/O, a locked or
# briefly unreachable database. Bad input never raises out of the pipeline: it fails at once.
TRANSIENT = (OSError, OperationalError)


class DocumentTask(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """Retries used up, a bug, or the time limit: fail the document so its owner can retry it."""
        document_id = kwargs.get("document_id", args[0] if args else None)
        document = Document.objects.filter(pk=document_id).first()
        if document is not None:
            log.error("document %s failed: %r", document_id, exc)
            kind = events.TIME_LIMIT if isinstance(exc, SoftTimeLimitExceeded) else events.ERROR
            pipeline.fail_document(
                document, f"processing stopped with an error ({type(exc).__name__}); try again", kind=kind
            )


@shared_task(
    bind=True,
    base=DocumentTask,
    acks_late=True,
    autoretry_for=TRANSIENT,
    retry_backoff=2,
    retry_backoff_max=RETRY_WAIT_MAX,
    retry_jitter=True,
    max_retries=5,
    soft_time_limit=SOFT_TIME_LIMIT,
)
def process_document(self, document_id: int):
    return pipeline.process_document(document_id=document_id)


@shared_task
def purge_expired():
    """Beat, hourly: delete uploads older than the retention period."""
    return retention.purge_expired()


@shared_task
def requeue_stale_documents():
    """Beat, every 5 minutes: send again the documents whose queueing failed (broker down at upload)."""
    return dispatch.requeue_stale()


@shared_task
def roll_up_events():
    """Beat, every minute: roll up the stage events of the minutes that closed (monitoring/rollups.py)."""
    return rollups.roll_up()

"""Uploads are kept for IDP_RETENTION_HOURS, then their rows and files are deleted.

Their stage events stay (they hold no content) for IDP_EVENT_RETENTION_DAYS, the history the
dashboards and calibration read.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone

from . import storage
from ..models import Document, StageEvent


def purge_expired(*, now: datetime | None = None) -> int:
    """Delete documents created before the retention period, with their files; return how many."""
    cutoff = (now or timezone.now()) - timedelta(hours=settings.IDP_RETENTION_HOURS)
    purged = 0
    for document in Document.objects.filter(created__lt=cutoff).prefetch_related("pages"):
        delete_document(document)
        purged += 1
    purge_old_events(now=now)
    return purged


def purge_old_events(*, now: datetime | None = None) -> int:
    """Delete stage events older than the event retention; return how many."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.IDP_EVENT_RETENTION_DAYS)
    deleted, _by_model = StageEvent.objects.filter(finished__lt=cutoff).delete()
    return deleted


def delete_document(document: Document) -> None:
    """The row (with pages, events, reviews), its page images, and its original unless shared."""
    keys = [page.image_key for page in document.pages.all() if page.image_key]
    original = document.storage_key
    document.delete()
    for key in keys:
        storage.delete(key)
    # Originals are content-addressed: another person's copy of the same bytes keeps the file.
    if not Document.objects.filter(storage_key=original).exists():
        storage.delete(original)

"""Uploads are deleted with their files after the retention period (retention.py, the beat task)."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.utils import timezone
from PIL import Image

from demo_idp.intake import retention, storage, uploads
from demo_idp.models import Document, Page, Review, StageEvent
from tests.demo_idp.helpers import png_bytes

pytestmark = pytest.mark.django_db

PNG = png_bytes(Image.new("L", (40, 40), 255))


def stored(key: str) -> bool:
    return (Path(django_settings.MEDIA_ROOT) / key).is_file()


def document_with_page(visitor="v", data=PNG) -> Document:
    document, _ = uploads.create_document(data=data, name="a.png", visitor_id=visitor)
    page = Page.objects.create(document=document, number=1, image_key=storage.page_image_key(document.pk, 1))
    storage.put(page.image_key, PNG)
    StageEvent.objects.create(document=document, page=page, stage="ocr", started=timezone.now(),
                              finished=timezone.now(), duration=0)
    Review.objects.create(page=page)
    return document


def test_documents_older_than_the_retention_period_are_deleted_with_their_files(settings):
    settings.IDP_RETENTION_HOURS = 24
    old = document_with_page()
    Document.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=25))
    fresh = document_with_page(data=png_bytes(Image.new("L", (41, 40), 255)))
    image_key = old.pages.get().image_key
    assert retention.purge_expired() == 1
    assert list(Document.objects.all()) == [fresh]
    assert not stored(old.storage_key) and not stored(image_key)
    assert stored(fresh.storage_key)
    assert not StageEvent.objects.filter(document_id=old.pk).exists()
    assert Review.objects.count() == 1


def test_events_stay_without_their_document_until_the_event_retention_ends(settings):
    settings.IDP_RETENTION_HOURS, settings.IDP_EVENT_RETENTION_DAYS = 24, 30
    old = document_with_page()
    Document.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(hours=25))
    events = StageEvent.objects.filter(stage__in=("upload", "ocr"))
    assert events.count() == 2
    retention.purge_expired()
    assert events.count() == 2 and not events.filter(document__isnull=False).exists()  # kept, no content
    retention.purge_expired(now=timezone.now() + timedelta(days=30, minutes=1))
    assert not events.exists()


def test_an_original_shared_with_another_visitor_is_kept_until_both_are_gone(settings):
    mine = document_with_page(visitor="v1")
    theirs, _ = uploads.create_document(data=PNG, name="same.png", visitor_id="v2")
    Document.objects.filter(pk=mine.pk).update(created=timezone.now() - timedelta(days=2))
    retention.purge_expired()
    assert stored(theirs.storage_key)
    assert retention.purge_expired(now=timezone.now() + timedelta(days=2)) == 1
    assert not stored(theirs.storage_key)


def test_the_purge_runs_hourly_from_beat(settings):
    assert settings.CELERY_BEAT_SCHEDULE["idp-purge"]["task"] == "demo_idp.tasks.purge_expired"
    from demo_idp.tasks import purge_expired

    assert purge_expired.run() == 0

"""The document pipeline through a real Celery worker on Redis, from upload to the routed page."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from rest_framework.test import APIClient

from demo_idp.intake.samples import form_page, variant
from demo_idp.models import Document, StageEvent
from demo_idp.ocr.evaluation import cer
from tests.demo_idp.helpers import png_bytes

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def wait_for(document_id, states=("needs_review", "done", "failed"), timeout=90) -> Document:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        document = Document.objects.get(pk=document_id)
        if document.status in states:
            return document
        time.sleep(0.2)
    raise AssertionError(f"document {document_id} still {document.status} after {timeout}s")


def test_an_upside_down_scan_is_processed_by_the_worker_and_comes_back_upright(celery_worker, alice):
    scan = variant(form_page(seed=4, lines=5, width=900, font_size=26), "rot180")
    client = APIClient()
    client.force_authenticate(alice)
    response = client.post("/api/idp/documents/", {"file": SimpleUploadedFile("upside.png", png_bytes(scan.image))},
                           format="multipart")
    assert response.status_code == 202
    document = wait_for(response.json()["id"])
    assert document.status in ("needs_review", "done")
    body = client.get(response.json()["url"]).json()
    page = body["pages"][0]
    assert page["rotation"] == 180 and page["route"] in ("auto_accepted", "review")
    # The words drawn on the scan, read back: at most 10% of characters wrong, every line there.
    assert cer(page["text"], scan.text) < 0.1, (page["text"], scan.text)
    assert len(page["text"].splitlines()) == len(scan.text.splitlines())
    assert scan.text.splitlines()[1] in page["text"]
    assert StageEvent.objects.filter(document=document, stage="ocr").count() == 1


def test_bad_input_found_by_the_worker_fails_the_document_and_the_worker_carries_on(celery_worker, alice):
    from PIL import Image

    data = png_bytes(Image.effect_noise((300, 300), 30))
    client = APIClient()
    client.force_authenticate(alice)
    bad = client.post("/api/idp/documents/", {"file": SimpleUploadedFile("cut.png", data[:400])}, format="multipart")
    assert wait_for(bad.json()["id"]).error.startswith("the image is damaged or truncated")
    good = client.post("/api/idp/documents/", {"file": SimpleUploadedFile("ok.png", png_bytes(Image.new("L", (80, 80), 255)))},
                       format="multipart")
    # A blank page: no ink and no words, so nothing for a person to check.
    finished = wait_for(good.json()["id"])
    assert finished.status == "done" and finished.pages.get().route_reason == "a blank page: no ink, nothing to read"


def test_a_document_whose_queueing_failed_is_sent_again_and_processed(celery_worker):
    from datetime import timedelta

    from django.db import connection, transaction
    from django.utils import timezone

    from demo_idp.intake import uploads
    from demo_idp.tasks import requeue_stale_documents

    scan = form_page(seed=7, lines=3, width=700, font_size=26)
    with transaction.atomic():
        document = uploads.create_document(data=png_bytes(scan.image), name="lost.png", visitor_id="v-lost")[0]
        # As if the broker had been down at upload: the message queued on commit never leaves.
        connection.run_on_commit.clear()
    Document.objects.filter(pk=document.pk).update(created=timezone.now() - timedelta(minutes=15))
    time.sleep(1)
    assert Document.objects.get(pk=document.pk).status == "queued"
    assert requeue_stale_documents.delay().get(timeout=30) == 1
    assert wait_for(document.pk).status in ("needs_review", "done")

"""The worker's plain functions (pipeline.py) without Celery: pages, routing, events, redelivery."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image

from demo_idp import dispatch, pipeline
from demo_idp.intake import storage
from demo_idp.models import Document, Page, Review, StageEvent
from demo_idp.monitoring import events
from tests.demo_idp.helpers import blank_png, png_bytes, upload

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_a_confident_page_is_accepted_with_its_reason_and_the_document_is_done(fake_ocr, settings):
    document = upload(blank_png())
    assert pipeline.process_document(document_id=document.pk) == Document.Status.DONE
    page = Page.objects.get(document=document)
    assert (page.status, page.route, page.rotation, page.skew_angle) == ("done", "auto_accepted", 180, 1.23)
    assert page.final_text == page.text == "Invoice 42"
    assert page.route_reason == "mean confidence 95.0; all 1 line at least 70"
    assert page.words[0] == {"text": "Invoice", "confidence": 95.0, "box": [10, 10, 60, 20], "line": 0}
    assert Image.open(io.BytesIO(storage.get(page.image_key))).size == (200, 100)
    assert not Review.objects.exists()
    document.refresh_from_db()
    assert document.finished is not None and document.started is not None


def test_a_page_below_the_threshold_goes_to_review_with_the_reason(fake_ocr):
    fake_ocr.confidence = 41.0
    document = upload(blank_png())
    assert pipeline.process_document(document_id=document.pk) == Document.Status.NEEDS_REVIEW
    page = Page.objects.get(document=document)
    assert (page.status, page.route, page.final_text) == ("needs_review", "review", "")
    assert page.route_reason == "its only line is doubtful (limit 50%); mean confidence 41.0"
    assert Review.objects.get(page=page).status == Review.Status.OPEN


def test_the_audit_share_sends_accepted_pages_to_review(fake_ocr, settings):
    settings.IDP_AUDIT_SHARE = 1.0
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    assert Page.objects.get(document=document).route_reason == "picked for the 100% quality audit"


def test_every_stage_is_recorded_as_an_event_laid_end_to_end(fake_ocr):
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    work = StageEvent.objects.filter(page__isnull=False, stage__in=events.PROCESSING)
    assert list(work.values_list("stage", flat=True)) == ["clean", "deskew", "orientation", "ocr", "store", "route"]
    assert StageEvent.objects.filter(page__isnull=True, stage="rasterise").count() == 1
    events_ = list(work)
    assert all(a.finished == b.started for a, b in zip(events_, events_[1:]))
    assert events_[3].duration == pytest.approx(0.4)


def test_a_redelivered_task_duplicates_no_page_event_or_review(fake_ocr):
    fake_ocr.confidence = 30.0
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    # A redelivery after the worker died: the document is claimed again from "processing".
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PROCESSING)
    pipeline.process_document(document_id=document.pk)
    assert Page.objects.count() == 1 and Review.objects.count() == 1
    # 7 processing stages, and the upload, queue, page and routed milestones, each once.
    assert StageEvent.objects.count() == 11
    assert len(fake_ocr.calls) == 1  # the finished page was not read again


def test_a_page_interrupted_mid_way_is_processed_again_once(fake_ocr):
    document = upload(blank_png())
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PROCESSING)
    Page.objects.create(document=document, number=1, status=Page.Status.PROCESSING, stage="reading")
    pipeline.process_document(document_id=document.pk)
    assert Page.objects.get().status in Page.FINISHED
    assert len(fake_ocr.calls) == 1


def test_a_late_duplicate_of_a_finished_document_does_nothing(fake_ocr):
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    assert pipeline.process_document(document_id=document.pk) == "done"
    assert len(fake_ocr.calls) == 1


def test_the_audit_draw_is_the_same_for_a_redelivered_page(fake_ocr, settings):
    # 24 pages, each delivered twice: an unseeded draw at 50% would repeat every one of the 24
    # decisions once in 16 million runs, so a broken seed fails this test, not one run in four.
    settings.IDP_AUDIT_SHARE = 0.5
    documents = [upload(blank_png(shade=shade), name=f"{shade}.png") for shade in range(24)]

    def deliver() -> list[str]:
        for document in documents:
            Page.objects.filter(document=document).update(status=Page.Status.QUEUED)
            Document.objects.filter(pk=document.pk).update(status=Document.Status.PROCESSING)
            pipeline.process_document(document_id=document.pk)
        return [Page.objects.get(document=document).route for document in documents]

    first = deliver()
    assert deliver() == first
    assert set(first) == {"auto_accepted", "review"}  # the audit does pick some: the draw is real


def test_a_deleted_document_is_skipped_quietly(fake_ocr):
    document = upload(blank_png())
    Document.objects.filter(pk=document.pk).delete()
    assert pipeline.process_document(document_id=document.pk) is None
    assert pipeline.process_document(document_id=987654) is None


def test_a_truncated_png_fails_at_once_with_the_reason(fake_ocr):
    data = blank_png(400, 300, shade=120)
    document = upload(data[: len(data) // 2])
    assert pipeline.process_document(document_id=document.pk) == Document.Status.FAILED
    document.refresh_from_db()
    assert "damaged or truncated" in document.error
    assert not fake_ocr.calls


def test_a_failed_document_can_be_retried_and_only_a_failed_one(fake_ocr):
    document = upload(blank_png())
    pipeline.fail_document(document, "a reason")
    assert dispatch.retry_document(document)
    document.refresh_from_db()
    assert (document.status, document.error) == ("queued", "")
    assert pipeline.process_document(document_id=document.pk) == "done"
    assert not dispatch.retry_document(document)


def test_each_pdf_page_becomes_a_page(fake_ocr):
    from tests.demo_idp.helpers import pdf_with_pages

    document = upload(pdf_with_pages(3, size=(72, 72)), name="three.pdf")
    pipeline.process_document(document_id=document.pk)
    assert list(document.pages.values_list("number", flat=True)) == [1, 2, 3]
    assert fake_ocr.calls[0].size == (300, 300)  # 300 DPI


def test_an_upside_down_generated_scan_comes_back_upright_and_readable():
    """The real OCR, once, on a small generated page."""
    from demo_idp.ocr.evaluation import cer
    from demo_idp.intake.samples import form_page, variant

    sample = variant(form_page(seed=2, lines=5, width=900, font_size=26), "rot180")
    document = upload(png_bytes(sample.image), name="upside-down.png")
    pipeline.process_document(document_id=document.pk)
    page = Page.objects.get(document=document)
    assert page.rotation == 180
    assert cer(page.text, sample.text) < 0.1
    assert "Invoice number: Margaret Hughes" in page.text
    assert page.words and page.width == Image.open(io.BytesIO(storage.get(page.image_key))).width


def test_the_task_retries_only_transient_faults_and_stops_before_the_hard_time_limit(settings):
    from django.db import OperationalError

    from demo_idp.tasks import process_document

    assert set(process_document.autoretry_for) == {OSError, OperationalError}
    assert process_document.retry_jitter and process_document.acks_late
    assert process_document.soft_time_limit < settings.CELERY_TASK_TIME_LIMIT


def test_a_task_that_gives_up_fails_its_document_so_its_owner_can_retry(fake_ocr):
    from demo_idp.tasks import process_document

    document = upload(blank_png())
    process_document.on_failure(RuntimeError("boom"), "task-id", (document.pk,), {}, None)
    document.refresh_from_db()
    assert document.status == "failed" and "RuntimeError" in document.error


def test_each_try_at_a_page_is_counted_before_it_is_read(fake_ocr):
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    assert Page.objects.get(document=document).attempts == 1  # kept when the read page is saved


def test_a_page_that_crashed_the_reader_three_times_fails_the_document_unread(fake_ocr):
    document = upload(blank_png())
    # Three deliveries each started the page and were killed with their worker process.
    Document.objects.filter(pk=document.pk).update(status=Document.Status.PROCESSING)
    Page.objects.create(document=document, number=1, status=Page.Status.PROCESSING, stage="reading", attempts=3)
    assert pipeline.process_document(document_id=document.pk) == Document.Status.FAILED
    document.refresh_from_db()
    assert document.error == "page 1 stopped the reader three times; it may be damaged: try another scan"
    assert not fake_ocr.calls
    assert Page.objects.get(document=document).status == "failed"
    assert StageEvent.objects.get(document=document, stage=events.FAILED).label == events.PAGE_CRASHED
    assert events.PAGE_CRASHED in events.FAILURE_KINDS


def test_a_page_on_its_last_try_is_still_read(fake_ocr):
    document = upload(blank_png())
    Page.objects.create(document=document, number=1, attempts=pipeline.MAX_PAGE_ATTEMPTS - 1)
    assert pipeline.process_document(document_id=document.pk) == Document.Status.DONE
    assert Page.objects.get(document=document).attempts == pipeline.MAX_PAGE_ATTEMPTS


def test_a_try_that_ends_in_an_error_gives_its_count_back(fake_ocr):
    """The worker lived through it: only tries that killed the process count towards the limit."""
    document = upload(blank_png())
    fake_ocr.words = None  # reading fails inside the engine with a TypeError
    for _ in range(pipeline.MAX_PAGE_ATTEMPTS + 1):
        with pytest.raises(TypeError):
            pipeline.process_document(document_id=document.pk)
    assert Page.objects.get(document=document).attempts == 0
    fake_ocr.words = (("Hello", (1, 2, 30, 10)),)
    assert pipeline.process_document(document_id=document.pk) == Document.Status.DONE


def test_two_deliveries_starting_a_page_count_two_tries(fake_ocr):
    document = upload(blank_png())
    page = Page.objects.create(document=document, number=1)
    stale = Page.objects.get(pk=page.pk)  # the second delivery read the row before the first counted
    now = timezone.now()
    pipeline.start_page(page, now)
    pipeline.start_page(stale, now)
    assert (page.attempts, stale.attempts) == (1, 2)
    pipeline.start_page(page, now)
    with pytest.raises(pipeline.PageCrashedReader):
        pipeline.start_page(stale, now)
    assert Page.objects.get(pk=page.pk).attempts == pipeline.MAX_PAGE_ATTEMPTS


def test_the_visibility_timeout_outlasts_a_task_and_its_longest_retry_wait(settings):
    from demo_idp import tasks

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    assert (settings.CELERY_TASK_TIME_LIMIT, visibility) == (600, 720)  # a killed worker's document back in 12 min
    assert tasks.process_document.retry_backoff_max + settings.CELERY_TASK_TIME_LIMIT <= visibility
    assert tasks.process_document.soft_time_limit == 570


def test_a_visibility_timeout_shorter_than_the_time_limit_stops_start_up():
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment |= {"CELERY_TASK_TIME_LIMIT": "60", "CELERY_VISIBILITY_TIMEOUT": "60"}
    result = subprocess.run([sys.executable, "manage.py", "check"], cwd=ROOT, env=environment,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode != 0
    assert "Configuration error: CELERY_VISIBILITY_TIMEOUT='60' must be at least 61" in result.stderr

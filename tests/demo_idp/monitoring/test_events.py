"""The milestones the pipeline records for the dashboards (events.py), through the real pipeline functions."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp import pipeline, review
from demo_idp.monitoring import events
from demo_idp.models import Document, Page, StageEvent
from tests.demo_idp.helpers import blank_png, upload

pytestmark = pytest.mark.django_db


def milestone(stage, **filters):
    return StageEvent.objects.get(stage=stage, **filters)


def test_an_accepted_document_records_upload_queue_page_routed_and_final(fake_ocr, settings):
    document = upload(blank_png())
    assert milestone(events.UPLOAD).duration == 0
    pipeline.process_document(document_id=document.pk)
    document.refresh_from_db()
    page_event = milestone(events.PAGE)
    assert (page_event.label, page_event.confidence, page_event.file_type) == ("auto_accepted", 95.0, "png")
    assert page_event.duration == pytest.approx(0.75, abs=0.2)  # 0.75 s of stages plus storing
    assert milestone(events.QUEUE).finished == document.started
    routed = milestone(events.ROUTED)
    assert routed.label == "done" and routed.started == document.created
    assert milestone(events.FINAL).label == events.ON_TIME


def test_a_reviewed_page_records_its_reviewer_error_and_whether_it_was_an_audit(fake_ocr, reviewer):
    fake_ocr.confidence = 41.0
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    assert milestone(events.ROUTED).label == "needs_review"
    assert not StageEvent.objects.filter(stage=events.FINAL).exists()
    page = Page.objects.get(document=document)
    review.claim_page(page=page, reviewer=reviewer)
    review.submit_review(page=page, reviewer=reviewer, text="Invoice 42!")  # one insertion in 11 characters
    done = milestone(events.REVIEW)
    assert (done.reviewer, done.label, done.confidence) == (reviewer, events.RULES, 41.0)
    assert done.error == pytest.approx(1 / 11)
    assert milestone(events.FINAL).label == events.ON_TIME


def test_a_document_finished_after_its_deadline_is_late(fake_ocr, settings):
    document = upload(blank_png())
    Document.objects.filter(pk=document.pk).update(sla_deadline=timezone.now() - timedelta(minutes=1))
    pipeline.process_document(document_id=document.pk)
    assert milestone(events.FINAL).label == events.LATE


def test_a_failed_document_records_the_kind_of_failure_once(fake_ocr):
    document = upload(blank_png())
    pipeline.fail_document(document, "the worker gave up", kind=events.TIME_LIMIT)
    pipeline.fail_document(document, "again", kind=events.ERROR)  # already failed: no second event
    assert milestone(events.FAILED).label == events.TIME_LIMIT


def test_events_outlive_the_document_they_describe(fake_ocr):
    document = upload(blank_png())
    pipeline.process_document(document_id=document.pk)
    count = StageEvent.objects.count()
    document.delete()
    assert StageEvent.objects.count() == count
    assert StageEvent.objects.filter(document__isnull=True, file_type="png").count() == count

"""Queueing (dispatch.py): sent by task name after the commit, retries and the stale-queue job, each
read back from the test Redis a worker would consume (the queued_tasks fixture)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp import dispatch, pipeline
from demo_idp.models import Document, Page
from tests.demo_idp.helpers import blank_png, upload

pytestmark = pytest.mark.django_db


def test_the_names_dispatch_sends_are_the_tasks_the_worker_registers():
    from config.celery import app
    from demo_idp import tasks

    app.loader.import_default_modules()
    assert tasks.process_document.name == dispatch.PROCESS_DOCUMENT
    assert dispatch.PROCESS_DOCUMENT in app.tasks


def test_a_retry_queues_the_document_again_after_the_commit(django_capture_on_commit_callbacks, queued_tasks):
    document = upload(blank_png())
    pipeline.fail_document(document, "a reason")
    # The page had used up its tries (it crashed the reader): the owner's retry gives it new ones.
    Page.objects.create(document=document, number=1, status=Page.Status.FAILED, stage="failed", attempts=3)
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch.retry_document(document)
    document.refresh_from_db()
    assert (document.status, document.error, document.finished) == ("queued", "", None)
    assert list(document.pages.values_list("status", "stage", "attempts")) == [("queued", "queued", 0)]
    assert queued_tasks() == [(dispatch.PROCESS_DOCUMENT, (document.pk,))]


def test_only_a_failed_document_is_retried(django_capture_on_commit_callbacks, queued_tasks):
    document = upload(blank_png())
    with django_capture_on_commit_callbacks(execute=True):
        assert not dispatch.retry_document(document)
    assert queued_tasks() == []


def test_documents_queued_long_ago_are_sent_again_and_recent_ones_are_not(django_capture_on_commit_callbacks,
                                                                          queued_tasks):
    old, recent = upload(blank_png(), name="old.png"), upload(blank_png(shade=0), name="new.png")
    Document.objects.filter(pk=old.pk).update(created=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert dispatch.requeue_stale() == 1
    assert queued_tasks() == [(dispatch.PROCESS_DOCUMENT, (old.pk,))]


def test_a_broker_that_is_down_leaves_the_document_queued(broker_down, caplog):
    dispatch.send(dispatch.PROCESS_DOCUMENT, 7)  # does not raise
    assert "could not queue demo_idp.tasks.process_document(7,)" in caplog.text

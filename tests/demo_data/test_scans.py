"""The reviewer's queue, filled from the demo's own sample scans by the real pipeline and Tesseract.

Tesseract is needed: skipped without it on a developer's machine, a failure under CI=true."""

import shutil

import pytest

from demo_data import scans
from demo_data.seed import seed_demo
from demo_idp.models import Document, Page, Review
from demo_idp.review import review_queue
from tests.demo_data.conftest import PASSWORD, TODAY
from tests.services import missing


@pytest.fixture
def tesseract():
    if shutil.which("tesseract") is None:
        missing("the sample scans need Tesseract (apt: tesseract-ocr tesseract-ocr-eng tesseract-ocr-osd)")


def test_the_reviewers_queue_holds_the_doubtful_sample_scans_and_one_they_corrected(tesseract, content, client):
    report = seed_demo(password=PASSWORD, today=TODAY)
    assert report.scans.created and report.scans.documents == len(scans.SCANS)
    assert not Document.objects.filter(status__in=["queued", "processing", "failed"]).exists()
    waiting = list(review_queue())
    assert len(waiting) >= 2 and report.scans.in_review == len(waiting)
    corrected = Review.objects.get(status=Review.Status.SUBMITTED)
    assert corrected.reviewer.username == "reviewer" and corrected.corrected_text.startswith("ARCHPATH FORM")
    assert Page.objects.filter(route=Page.Route.AUTO_ACCEPTED).exists()

    client.login(username="reviewer", password=PASSWORD)
    page = client.get("/demo/review/")
    assert page.status_code == 200 and len(page.context["queue"]) == len(waiting)

    again = seed_demo(password=PASSWORD, today=TODAY)
    assert not again.scans.created and Document.objects.count() == len(scans.SCANS)


def test_committed_scans_are_read_side_by_side_and_a_reset_deletes_them(tesseract, transactional_db, reviewer):
    filled = scans.fill_review_queue(reviewer=reviewer)
    assert filled.created and filled.in_review >= 2
    assert set(Document.objects.values_list("status", flat=True)) <= {"needs_review", "done"}
    assert scans.clear() == len(scans.SCANS)
    assert not Document.objects.exists() and not Page.objects.exists()

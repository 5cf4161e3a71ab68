"""Claims and corrections (review.py), without HTTP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp import review
from demo_idp.models import Document, Page, Review
from tests.demo_idp.helpers import page_in_review

pytestmark = pytest.mark.django_db


def test_the_queue_is_ordered_by_sla_deadline():
    late = page_in_review(name="late.png", deadline_hours=40)
    early = page_in_review(name="early.png", deadline_hours=2)
    assert [r.page for r in review.review_queue()] == [early, late]


def test_a_claim_locks_the_page_for_one_reviewer(reviewer, curator):
    page = page_in_review()
    claimed = review.claim_page(page=page, reviewer=reviewer)
    assert (claimed.status, claimed.reviewer) == (Review.Status.CLAIMED, reviewer)
    with pytest.raises(review.ReviewError, match="another reviewer is working on this page"):
        review.claim_page(page=page, reviewer=curator)
    assert list(review.review_queue(reviewer=curator)) == []
    assert [r.page for r in review.review_queue(reviewer=reviewer)] == [page]


def test_an_expired_claim_can_be_taken_by_another_reviewer(reviewer, curator, settings):
    settings.IDP_CLAIM_MINUTES = 30
    page = page_in_review()
    review.claim_page(page=page, reviewer=reviewer)
    Review.objects.update(claim_expires=timezone.now() - timedelta(seconds=1))
    assert review.claim_page(page=page, reviewer=curator).reviewer == curator
    with pytest.raises(review.ReviewError):
        review.submit_review(page=page, reviewer=reviewer, text="late")


def test_claiming_again_renews_ones_own_claim(reviewer):
    page = page_in_review()
    first = review.claim_page(page=page, reviewer=reviewer).claim_expires
    assert review.claim_page(page=page, reviewer=reviewer).claim_expires >= first


def test_submitting_stores_the_correction_beside_the_ocr_text_with_the_edit_distance(reviewer):
    page = page_in_review(text="Invoce 42\nTotal 1O")
    review.claim_page(page=page, reviewer=reviewer)
    done = review.submit_review(page=page, reviewer=reviewer, text="Invoice 42\r\nTotal 10\n")
    assert (done.status, done.corrected_text, done.edit_distance, done.reviewer) == (
        "submitted", "Invoice 42\nTotal 10", 2, reviewer)
    assert done.submitted_at is not None
    page.refresh_from_db()
    assert (page.status, page.text, page.final_text) == ("reviewed", "Invoce 42\nTotal 1O", "Invoice 42\nTotal 10")
    assert page.document.__class__.objects.get(pk=page.document_id).status == Document.Status.DONE


def test_a_document_stays_in_review_while_another_page_waits(reviewer):
    page = page_in_review()
    other = Page.objects.create(document=page.document, number=2, status=Page.Status.NEEDS_REVIEW)
    Review.objects.create(page=other)
    review.claim_page(page=page, reviewer=reviewer)
    review.submit_review(page=page, reviewer=reviewer, text="x")
    assert Document.objects.get().status == Document.Status.NEEDS_REVIEW


def test_submitting_without_a_claim_or_twice_is_refused(reviewer):
    page = page_in_review()
    with pytest.raises(review.ReviewError, match="claim the page"):
        review.submit_review(page=page, reviewer=reviewer, text="x")
    review.claim_page(page=page, reviewer=reviewer)
    review.submit_review(page=page, reviewer=reviewer, text="x")
    with pytest.raises(review.ReviewError, match="already been reviewed"):
        review.submit_review(page=page, reviewer=reviewer, text="y")
    with pytest.raises(review.ReviewError, match="already been reviewed"):
        review.claim_page(page=page, reviewer=reviewer)
    assert Review.objects.count() == 1


def test_an_accepted_page_has_no_review_to_claim(reviewer):
    page = page_in_review()
    Review.objects.all().delete()
    with pytest.raises(review.ReviewError, match="accepted automatically"):
        review.claim_page(page=page, reviewer=reviewer)


def test_too_long_a_text_is_a_bad_request(reviewer):
    page = page_in_review()
    review.claim_page(page=page, reviewer=reviewer)
    with pytest.raises(review.ReviewError) as caught:
        review.submit_review(page=page, reviewer=reviewer, text="x" * (review.MAX_TEXT + 1))
    assert caught.value.status == 400

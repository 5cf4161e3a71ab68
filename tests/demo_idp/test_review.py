"""Claims and corrections (review.py), without HTTP."""

from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp import review
from demo_idp.models import Document, Page, Review, StageEvent
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


def _state(page):
    item = Review.objects.get(page=page)
    page.refresh_from_db()
    return item.status, item.reviewer, sorted(u.username for u in item.skipped_by.all()), page.status


def test_releasing_gives_the_claim_back_to_every_reviewer(reviewer, curator):
    page = page_in_review()
    review.claim_page(page=page, reviewer=reviewer)
    released = review.release_page(page=page, reviewer=reviewer)
    assert (released.status, released.reviewer, released.claim_expires) == ("open", None, None)
    assert [r.page for r in review.review_queue(reviewer=curator)] == [page]
    assert review.claim_page(page=page, reviewer=curator).reviewer == curator


def test_releasing_someone_elses_claim_or_an_open_page_changes_nothing(reviewer, curator):
    page = page_in_review()
    with pytest.raises(review.ReviewError, match="claim the page first"):
        review.release_page(page=page, reviewer=reviewer)
    review.claim_page(page=page, reviewer=reviewer)
    with pytest.raises(review.ReviewError, match="another reviewer is working on this page"):
        review.release_page(page=page, reviewer=curator)
    assert _state(page) == ("claimed", reviewer, [], "needs_review")


def test_skipping_moves_this_reviewer_on_and_leaves_the_page_to_the_others(reviewer, curator):
    page = page_in_review()
    review.claim_page(page=page, reviewer=reviewer)
    review.skip_page(page=page, reviewer=reviewer)
    assert _state(page) == ("open", None, ["rene"], "needs_review")  # the claim is given back too
    assert list(review.review_queue(reviewer=reviewer)) == []
    assert [r.page for r in review.review_queue(reviewer=reviewer, show="skipped")] == [page]
    assert [r.page for r in review.review_queue(reviewer=curator)] == [page]
    # Taking it back: a claim puts it in their queue again.
    review.claim_page(page=page, reviewer=reviewer)
    assert _state(page) == ("claimed", reviewer, [], "needs_review")


def test_skipping_twice_or_a_finished_page_is_refused(reviewer):
    page = page_in_review()
    review.skip_page(page=page, reviewer=reviewer)
    with pytest.raises(review.ReviewError, match="already skipped"):
        review.skip_page(page=page, reviewer=reviewer)
    assert _state(page) == ("open", None, ["rene"], "needs_review")
    done = page_in_review(name="done.png")
    review.claim_page(page=done, reviewer=reviewer)
    review.submit_review(page=done, reviewer=reviewer, text="x")
    with pytest.raises(review.ReviewError, match="already been reviewed"):
        review.skip_page(page=done, reviewer=reviewer)
    assert _state(done) == ("submitted", reviewer, [], "reviewed")


def test_an_unreadable_page_is_finished_with_no_text_and_its_reason_and_the_document_completes(reviewer):
    page = page_in_review(text="%$# ~~")
    review.claim_page(page=page, reviewer=reviewer)
    marked = review.mark_unreadable(page=page, reviewer=reviewer, reason="  a photo of a cat,\n no text ")
    assert (marked.status, marked.reason, marked.corrected_text, marked.edit_distance) == (
        "unreadable", "a photo of a cat, no text", "", None)
    page.refresh_from_db()
    assert (page.status, page.stage, page.final_text) == ("reviewed", "unreadable", "")
    assert Document.objects.get().status == Document.Status.DONE
    event = StageEvent.objects.get(stage="review", page=page)
    assert (event.reviewer, event.error) == (reviewer, None)  # reviewer time counts; no error measured


def test_unreadable_needs_a_claim_a_reason_and_an_unfinished_page(reviewer, curator):
    page = page_in_review()
    with pytest.raises(review.ReviewError, match="claim the page first"):
        review.mark_unreadable(page=page, reviewer=reviewer, reason="blank")
    review.claim_page(page=page, reviewer=reviewer)
    for bad in ("", "   \n", "x" * (review.MAX_REASON + 1)):
        with pytest.raises(review.ReviewError) as caught:
            review.mark_unreadable(page=page, reviewer=reviewer, reason=bad)
        assert caught.value.status == 400
    with pytest.raises(review.ReviewError, match="another reviewer"):
        review.mark_unreadable(page=page, reviewer=curator, reason="blank")
    assert _state(page) == ("claimed", reviewer, [], "needs_review")
    review.mark_unreadable(page=page, reviewer=reviewer, reason="blank")
    with pytest.raises(review.ReviewError, match="already been marked unreadable"):
        review.mark_unreadable(page=page, reviewer=reviewer, reason="again")
    with pytest.raises(review.ReviewError, match="already been marked unreadable"):
        review.submit_review(page=page, reviewer=reviewer, text="late")
    assert Review.objects.get(page=page).reason == "blank" and not StageEvent.objects.filter(error__isnull=False)


def test_the_queue_filters_by_file_type_deadline_reason_and_whose(reviewer, curator):
    pdf = page_in_review(name="a.pdf", deadline_hours=-2)
    Document.objects.filter(pk=pdf.document_id).update(content_type="pdf")
    audit = page_in_review(name="b.png", deadline_hours=5)
    Page.objects.filter(pk=audit.pk).update(route_reason="picked for the 5% quality audit")
    mine = page_in_review(name="c.png", deadline_hours=10)
    review.claim_page(page=mine, reviewer=reviewer)

    def pages(**filters):
        return [r.page.document.original_name for r in review.review_queue(reviewer=reviewer, **filters)]

    assert pages() == ["a.pdf", "b.png", "c.png"]
    assert pages(file_type="pdf") == ["a.pdf"] and pages(file_type="tiff") == []
    assert pages(overdue=True) == ["a.pdf"]
    assert pages(why=review.AUDIT) == ["b.png"] and pages(why=review.RULES) == ["a.pdf", "c.png"]
    assert pages(show="mine") == ["c.png"]
    assert [r.page for r in review.review_queue(reviewer=curator)] == [pdf, audit]  # not rene's claim

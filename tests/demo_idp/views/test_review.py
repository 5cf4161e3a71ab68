"""The reviewers' pages: the queue, claiming a page and correcting it, and the page images they see."""

from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image

from accounts.roles import REVIEWER, grant_role
from demo_idp import review
from demo_idp.intake import storage
from demo_idp.models import Page, Review
from tests.demo_idp.helpers import logged_in, page_in_review, png_bytes

pytestmark = pytest.mark.django_db

PNG = png_bytes(Image.new("L", (50, 30), 255))


def test_the_review_queue_is_for_reviewers_only(client, alice, reviewer):
    assert client.get("/demo/review/").status_code == 302  # to the login page
    assert logged_in(alice).get("/demo/review/").status_code == 403
    page = page_in_review()
    assert logged_in(alice).get(f"/demo/review/pages/{page.pk}/").status_code == 403
    html = logged_in(reviewer).get("/demo/review/").content.decode()
    assert "scan.png" in html and "mean confidence 50.0 below threshold 80" in html


def test_a_reviewer_claims_from_the_queue_corrects_and_submits(reviewer):
    page = page_in_review(text="Helo")
    page.words = [{"text": "Helo", "confidence": 40.0, "box": [0, 0, 10, 10], "line": 0}]
    page.width = page.height = 100
    page.save()
    browser = logged_in(reviewer)
    before = browser.get(f"/demo/review/pages/{page.pk}/").content.decode()
    assert "Claim this page" in before and "idp_review.js" not in before
    response = browser.post(f"/demo/review/pages/{page.pk}/", {"action": "claim"})
    assert response["Location"] == f"/demo/review/pages/{page.pk}/"
    claimed = browser.get(response["Location"]).content.decode()
    assert "idp_review.js" in claimed and '<button type="button" class="idp-word idp-low"' in claimed
    done = browser.post(f"/demo/review/pages/{page.pk}/", {"action": "submit", "text": "Hello"})
    assert done["Location"] == "/demo/review/"
    assert Review.objects.get().edit_distance == 1
    assert Page.objects.get().final_text == "Hello"


def test_a_page_claimed_by_another_reviewer_cannot_be_taken(reviewer, curator):
    grant_role(curator, REVIEWER)
    page = page_in_review()
    logged_in(reviewer).post(f"/demo/review/pages/{page.pk}/", {"action": "claim"})
    other = logged_in(curator)
    other.post(f"/demo/review/pages/{page.pk}/", {"action": "claim"})
    assert Review.objects.get().reviewer == reviewer
    other.post(f"/demo/review/pages/{page.pk}/", {"action": "submit", "text": "mine"})
    assert Review.objects.get().status == "claimed"


def test_a_reviewer_sees_page_images_of_pages_in_review(reviewer, alice):
    page = page_in_review()
    page.image_key = storage.page_image_key(page.document_id, 1)
    page.save()
    storage.put(page.image_key, PNG)
    assert logged_in(reviewer).get(f"/demo/pages/{page.pk}/image.png").content == PNG
    assert logged_in(alice).get(f"/demo/pages/{page.pk}/image.png").status_code == 404


def test_a_correction_longer_than_the_apis_limit_is_refused_on_the_page_too(reviewer):
    page = page_in_review(text="Helo")
    browser = logged_in(reviewer)
    browser.post(f"/demo/review/pages/{page.pk}/", {"action": "claim"})
    response = browser.post(f"/demo/review/pages/{page.pk}/", {"action": "submit", "text": "x" * (review.MAX_TEXT + 1)},
                            follow=True)
    assert "The corrected text is too long." in response.content.decode()
    assert Review.objects.get().status == "claimed"


def test_a_page_past_its_deadline_reads_overdue_in_the_queue_and_on_its_page(reviewer):
    late, due = page_in_review(name="late.png", deadline_hours=-3), page_in_review(name="due.png", deadline_hours=5)
    queue = logged_in(reviewer).get("/demo/review/").content.decode()
    assert queue.count("overdue by 3") == 1 and "in 4" in queue  # 'in 4 hours, 59 minutes'
    assert "overdue by 3" in logged_in(reviewer).get(f"/demo/review/pages/{late.pk}/").content.decode()
    assert "overdue" not in logged_in(reviewer).get(f"/demo/review/pages/{due.pk}/").content.decode()


def test_chart_sentences_count_one_page_and_one_document_in_the_singular():
    from demo_idp.charts import documents, pages

    assert (pages(1), pages(2), documents(1), documents(0)) == ("1 page", "2 pages", "1 document", "0 documents")


LONG_NAME = ("quarterly-supplier-invoice-scan_" + "ACME-Industrial-Components-GmbH_" * 4)[:146] + ".pdf"


def _url(page):
    return f"/demo/review/pages/{page.pk}/"


def test_the_queue_is_paginated_and_keeps_its_filters_in_the_page_links(reviewer):
    for number in range(30):
        page_in_review(name=f"scan-{number:02d}.png", deadline_hours=number + 1)
    browser = logged_in(reviewer)
    first = browser.get("/demo/review/").content.decode()
    assert first.count('name="action" value="claim"') == 25 and "1 to 25 of 30 pages" in first
    assert "scan-24.png" in first and "scan-25.png" not in first and "Page 1 of 2" in first
    second = browser.get("/demo/review/?page=2").content.decode()
    assert second.count('name="action" value="claim"') == 5 and "scan-29.png" in second
    filtered = browser.get("/demo/review/?type=png&why=rules").content.decode()
    assert 'href="?type=png&amp;why=rules&amp;page=2"' in filtered
    assert "scan-29.png" in browser.get("/demo/review/?page=999").content.decode()  # past the end: the last page


def test_the_hundredth_page_of_the_queue_is_one_click_away_and_the_count_says_how_many_are_overdue(reviewer):
    for number in range(105):
        page_in_review(name=f"scan-{number:03d}.png", deadline_hours=number - 6.5)  # the first seven are overdue
    browser = logged_in(reviewer)
    first = browser.get("/demo/review/").content.decode()
    assert "1 to 25 of 105 pages; <strong>7 overdue</strong>" in first
    assert 'href="?page=5">Last<' in first and ">First<" not in first
    middle = browser.get("/demo/review/?page=3").content.decode()
    assert 'href="?page=1">First<' in middle and 'href="?page=5">Last<' in middle and "Page 3 of 5" in middle
    assert "51 to 75 of 105 pages; <strong>7 overdue</strong>" in middle  # the whole queue's, on every page
    assert ">Last<" not in browser.get("/demo/review/?page=4").content.decode()  # Next is the last page
    due = browser.get("/demo/review/?overdue=on").content.decode()
    assert "1 to 7 of 7 pages; <strong>7 overdue</strong>" in due


def test_the_queue_filters_and_says_when_nothing_matches(reviewer):
    page_in_review(name="late.png", deadline_hours=-1)
    page_in_review(name="due.png", deadline_hours=5)
    browser = logged_in(reviewer)
    overdue = browser.get("/demo/review/?overdue=on").content.decode()
    assert "late.png" in overdue and "due.png" not in overdue
    none = browser.get("/demo/review/?type=pdf").content.decode()
    assert "No page in the queue matches these filters." in none and "Clear filters" in none


def test_bad_queue_filters_answer_400_and_name_the_choice(reviewer):
    page_in_review()
    response = logged_in(reviewer).get("/demo/review/?type=exe&show=everyone")
    assert response.status_code == 400
    html = response.content.decode()
    assert "Select a valid choice. exe is not one of the available choices." in html
    assert 'name="action" value="claim"' not in html


def test_a_long_file_name_is_cut_short_in_the_queue_with_the_whole_name_on_hover(reviewer):
    assert len(LONG_NAME) == 150
    page_in_review(name=LONG_NAME)
    html = logged_in(reviewer).get("/demo/review/").content.decode()
    assert f'<span class="idp-name" title="{LONG_NAME}">{LONG_NAME}</span>' in html


def test_release_and_skip_from_the_review_page(reviewer, curator):
    grant_role(curator, REVIEWER)
    page = page_in_review()
    browser = logged_in(reviewer)
    browser.post(_url(page), {"action": "claim"})
    released = browser.post(_url(page), {"action": "release"}, follow=True)
    assert "Claim given back" in released.content.decode()
    assert (Review.objects.get().status, Review.objects.get().reviewer) == ("open", None)
    skipped = browser.post(_url(page), {"action": "skip"}, follow=True)
    assert "stays in the queue for the other reviewers" in skipped.content.decode()
    assert "The queue is empty" in skipped.content.decode()
    assert "scan.png" in logged_in(curator).get("/demo/review/").content.decode()
    assert "scan.png" in browser.get("/demo/review/?show=skipped").content.decode()


def test_refused_actions_on_the_review_page_say_why_and_change_nothing(reviewer, curator):
    grant_role(curator, REVIEWER)
    page = page_in_review()
    logged_in(reviewer).post(_url(page), {"action": "claim"})
    other = logged_in(curator)
    cases = [
        ({"action": "release"}, 409, "another reviewer is working on this page"),
        ({"action": "unreadable", "reason": "blank"}, 409, "another reviewer is working on this page"),
        ({"action": "dance"}, 400, "Unknown action."),
    ]
    for data, status, reason in cases:
        response = other.post(_url(page), data)
        assert (response.status_code, reason in response.content.decode()) == (status, True), data
    assert other.post(_url(page), {"action": "skip"}).status_code == 302
    twice = other.post(_url(page), {"action": "skip"})
    assert twice.status_code == 409 and "you have already skipped this page" in twice.content.decode()
    item = Review.objects.get()
    assert (item.status, item.reviewer, item.reason, list(item.skipped_by.all())) == ("claimed", reviewer, "", [curator])


def test_unreadable_finishes_the_page_with_its_reason_and_the_document_completes(reviewer):
    page = page_in_review()
    browser = logged_in(reviewer)
    browser.post(_url(page), {"action": "claim"})
    empty = browser.post(_url(page), {"action": "unreadable", "reason": "  "})
    assert empty.status_code == 400 and "Say why the page cannot be read" in empty.content.decode()
    assert Review.objects.get().status == "claimed"
    done = browser.post(_url(page), {"action": "unreadable", "reason": "A photo of a cat"}, follow=True)
    assert "finished as unreadable" in done.content.decode()
    page.refresh_from_db()
    assert (page.status, page.final_text, page.document.status) == ("reviewed", "", "done")
    shown = browser.get(_url(page)).content.decode()
    assert "Marked unreadable by rene: A photo of a cat" in shown
    again = browser.post(_url(page), {"action": "unreadable", "reason": "again"})
    assert again.status_code == 409 and "already been marked unreadable" in again.content.decode()
    assert Review.objects.get().reason == "A photo of a cat"


def test_a_refused_submit_shows_the_typed_text_again_so_nothing_is_lost(reviewer, curator, settings):
    grant_role(curator, REVIEWER)
    page = page_in_review(text="Helo")
    browser = logged_in(reviewer)
    browser.post(_url(page), {"action": "claim"})
    # The claim lapsed and another reviewer took the page meanwhile.
    Review.objects.update(claim_expires=timezone.now() - timedelta(minutes=1))
    logged_in(curator).post(_url(page), {"action": "claim"})
    response = browser.post(_url(page), {"action": "submit", "text": "Hello, my long careful correction"})
    html = response.content.decode()
    assert response.status_code == 409 and "another reviewer is working on this page" in html
    assert "Your text, not saved" in html and "Hello, my long careful correction</textarea>" in html
    assert Page.objects.get().final_text == ""


def test_after_submitting_the_review_page_shows_the_correction_not_the_ocr_text(reviewer):
    page = page_in_review(text="Helo wrld")
    browser = logged_in(reviewer)
    browser.post(_url(page), {"action": "claim"})
    browser.post(_url(page), {"action": "submit", "text": "Hello world"})
    html = browser.get(_url(page)).content.decode()
    assert '<pre class="idp-text" data-testid="final-text">Hello world</pre>' in html
    assert html.index("Corrected text") < html.index("Helo wrld")  # the OCR text only folded away below


def test_accepting_is_ctrl_enter_not_one_letter(reviewer):
    page = page_in_review()
    browser = logged_in(reviewer)
    browser.post(_url(page), {"action": "claim"})
    html = browser.get(_url(page)).content.decode()
    assert "<kbd>Ctrl</kbd>+<kbd>Enter</kbd>" in html and "<kbd>a</kbd>" not in html


def test_a_submit_after_someone_else_finished_the_page_still_shows_the_typed_text(reviewer, curator):
    grant_role(curator, REVIEWER)
    page = page_in_review(text="Helo")
    browser = logged_in(reviewer)
    browser.post(_url(page), {"action": "claim"})
    Review.objects.update(claim_expires=timezone.now() - timedelta(minutes=1))
    other = logged_in(curator)
    other.post(_url(page), {"action": "claim"})
    other.post(_url(page), {"action": "submit", "text": "Hello"})
    response = browser.post(_url(page), {"action": "submit", "text": "Hello there, mine"})
    html = response.content.decode()
    assert response.status_code == 409 and "this page has already been reviewed" in html
    assert "Hello there, mine</textarea>" in html and Page.objects.get().final_text == "Hello"

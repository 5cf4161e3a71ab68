"""The reviewers' pages: the queue, claiming a page and correcting it, and the page images they see."""

import pytest
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

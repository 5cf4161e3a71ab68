"""The reviewers' API: the queue, claiming a page and submitting its correction, for reviewers only."""

import pytest

from accounts.roles import REVIEWER, grant_role
from demo_idp.models import Page, Review
from tests.demo_idp.helpers import api_for, page_in_review

pytestmark = pytest.mark.django_db


def test_review_endpoints_are_403_for_a_non_reviewer(alice):
    page = page_in_review()
    client = api_for(alice)
    assert client.get("/api/idp/review-queue/").status_code == 403
    assert client.post(f"/api/idp/pages/{page.pk}/claim/").status_code == 403
    assert client.post(f"/api/idp/pages/{page.pk}/review/", {"text": "x"}).status_code == 403


def test_a_reviewer_lists_claims_and_reviews_a_page(reviewer, curator):
    page = page_in_review(text="Helo world")
    client = api_for(reviewer)
    queue = client.get("/api/idp/review-queue/").json()
    assert [(item["page"], item["status"]) for item in queue] == [(page.pk, "open")]
    claim = client.post(f"/api/idp/pages/{page.pk}/claim/")
    assert claim.status_code == 200 and claim.json()["reviewer"] == "rene"
    grant_role(curator, REVIEWER)
    taken = api_for(curator).post(f"/api/idp/pages/{page.pk}/claim/")
    assert taken.status_code == 409 and "another reviewer" in taken.json()["detail"]
    done = client.post(f"/api/idp/pages/{page.pk}/review/", {"text": "Hello world"}, format="json")
    assert done.status_code == 200
    assert (done.json()["corrected_text"], done.json()["edit_distance"]) == ("Hello world", 1)
    assert Page.objects.get(pk=page.pk).final_text == "Hello world"
    assert client.get("/api/idp/review-queue/").json() == []


def test_a_review_without_text_or_claim_is_refused(reviewer):
    page = page_in_review()
    client = api_for(reviewer)
    assert client.post(f"/api/idp/pages/{page.pk}/review/", {}, format="json").status_code == 400
    assert client.post(f"/api/idp/pages/{page.pk}/review/", {"text": "x"}, format="json").status_code == 409
    assert client.post("/api/idp/pages/999999/claim/").status_code == 404
    assert Review.objects.get().status == "open"

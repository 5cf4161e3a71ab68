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


def test_release_skip_and_unreadable_through_the_api(reviewer, curator):
    grant_role(curator, REVIEWER)
    page, other = page_in_review(name="a.png"), page_in_review(name="b.pdf")
    client, cora = api_for(reviewer), api_for(curator)
    client.post(f"/api/idp/pages/{page.pk}/claim/")
    refused = cora.post(f"/api/idp/pages/{page.pk}/release/")
    assert refused.status_code == 409 and "another reviewer" in refused.json()["detail"]
    released = client.post(f"/api/idp/pages/{page.pk}/release/")
    assert released.status_code == 200 and (released.json()["status"], released.json()["reviewer"]) == ("open", None)
    assert client.post(f"/api/idp/pages/{other.pk}/skip/").status_code == 200
    twice = client.post(f"/api/idp/pages/{other.pk}/skip/")
    assert twice.status_code == 409 and twice.json()["detail"] == "you have already skipped this page"
    assert [item["page"] for item in client.get("/api/idp/review-queue/").json()] == [page.pk]
    assert [item["page"] for item in client.get("/api/idp/review-queue/?show=skipped").json()] == [other.pk]
    cora.post(f"/api/idp/pages/{page.pk}/claim/")
    marked = cora.post(f"/api/idp/pages/{page.pk}/unreadable/", {"reason": "a blank page"}, format="json")
    assert marked.status_code == 200 and (marked.json()["status"], marked.json()["reason"]) == (
        "unreadable", "a blank page")
    again = cora.post(f"/api/idp/pages/{page.pk}/unreadable/", {"reason": "again"}, format="json")
    assert again.status_code == 409 and "already been marked unreadable" in again.json()["detail"]
    assert Review.objects.get(page=page).reason == "a blank page"


def test_bad_input_to_the_new_review_endpoints_is_a_clear_400_or_404_and_changes_nothing(reviewer):
    page = page_in_review()
    client = api_for(reviewer)
    client.post(f"/api/idp/pages/{page.pk}/claim/")
    for body in ({}, {"reason": ""}, {"reason": "   "}, {"reason": "x" * 301}):
        answer = client.post(f"/api/idp/pages/{page.pk}/unreadable/", body, format="json")
        assert answer.status_code == 400 and "reason" in answer.json(), body
    for action in ("release", "skip", "unreadable"):
        assert client.post(f"/api/idp/pages/999999/{action}/", {"reason": "x"}, format="json").status_code == 404
    bad = client.get("/api/idp/review-queue/?type=exe&why=boredom&show=everyone")
    assert bad.status_code == 400 and set(bad.json()) == {"type", "why", "show"}
    assert Review.objects.get().status == "claimed"
    assert client.get("/api/idp/review-queue/?type=png&overdue=true").json() == []


def test_the_new_review_endpoints_are_403_for_a_non_reviewer(alice):
    page = page_in_review()
    client = api_for(alice)
    for action in ("release", "skip", "unreadable"):
        assert client.post(f"/api/idp/pages/{page.pk}/{action}/", {"reason": "x"}, format="json").status_code == 403
    assert Review.objects.get().status == "open"


def test_the_queue_refuses_an_empty_filter_or_an_overdue_that_is_not_true_or_false(reviewer):
    client = api_for(reviewer)
    page_in_review()
    bad = client.get("/api/idp/review-queue/", {"overdue": "AAA", "type": ""})
    assert bad.status_code == 400
    assert bad.json() == {"overdue": ["overdue must be true or false."],
                          "type": ["Give a value, or leave type out for the default."]}
    assert len(client.get("/api/idp/review-queue/", {"overdue": "false"}).json()) == 1
    parameters = client.get("/api/schema/?format=json").json()["paths"]["/api/idp/review-queue/"]["get"]["parameters"]
    assert {p["name"]: p["schema"]["type"] for p in parameters}["overdue"] == "boolean"

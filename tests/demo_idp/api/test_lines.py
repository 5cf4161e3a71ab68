"""The line API: every page's lines in the document API, and the reviewers' line endpoints, with
bad input refused and nothing changed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.roles import REVIEWER, grant_role
from demo_idp import pipeline
from demo_idp.models import Document, Line, StageEvent
from tests.demo_idp.conftest import use_engine
from tests.demo_idp.fakes import FakeEngine
from tests.demo_idp.helpers import api_for, blank_png

pytestmark = pytest.mark.django_db

LINES = (
    ("Invoice", (10, 10, 60, 20), 96.0, 0), ("42", (80, 10, 20, 20), 94.0, 0),
    ("Tota1", (10, 40, 50, 20), 40.0, 1), ("1O", (70, 40, 20, 20), 50.0, 1),
    ("Thank", (10, 70, 50, 20), 93.0, 2), ("you", (70, 70, 30, 20), 95.0, 2),
)


@pytest.fixture
def lines_ocr(monkeypatch, settings):
    engine = FakeEngine(words=LINES)
    use_engine(monkeypatch, settings, engine)
    return engine


def uploaded_by(user) -> int:
    upload = SimpleUploadedFile("scan.png", blank_png(), content_type="image/png")
    document_id = api_for(user).post("/api/idp/documents/", {"file": upload}, format="multipart").json()["id"]
    pipeline.process_document(document_id=document_id)
    return document_id


def doubtful(document_id) -> Line:
    return Line.objects.get(page__document_id=document_id, route=Line.Route.REVIEW)


def test_each_page_lists_its_lines_with_route_reason_and_final_text(alice, lines_ocr):
    document_id = uploaded_by(alice)
    page = api_for(alice).get(f"/api/idp/documents/{document_id}/").json()["pages"][0]
    assert [{k: line[k] for k in ("text", "confidence", "box", "route", "reason", "final_text")}
            for line in page["lines"]] == [
        {"text": "Invoice 42", "confidence": 95.0, "box": [10, 10, 90, 20], "route": "accepted",
         "reason": "mean confidence 95.0 at least 70", "final_text": "Invoice 42"},
        {"text": "Tota1 1O", "confidence": 45.0, "box": [10, 40, 80, 20], "route": "review",
         "reason": "mean confidence 45.0 below threshold 70", "final_text": None},
        {"text": "Thank you", "confidence": 94.0, "box": [10, 70, 90, 20], "route": "accepted",
         "reason": "mean confidence 94.0 at least 70", "final_text": "Thank you"},
    ]
    assert all(isinstance(line["id"], int) for line in page["lines"])


def test_a_visitor_sees_the_lines_of_their_own_documents_only(alice, bob, lines_ocr):
    document_id = uploaded_by(alice)
    assert api_for(bob).get(f"/api/idp/documents/{document_id}/").status_code == 404
    assert api_for(bob).get("/api/idp/documents/").json() == []


def test_line_endpoints_are_403_for_anyone_but_a_reviewer(alice, lines_ocr):
    line = doubtful(uploaded_by(alice))
    client = api_for(alice)
    assert client.get("/api/idp/review/lines/").status_code == 403
    for suffix in ("claim/", "release/", ""):
        assert client.post(f"/api/idp/review/lines/{line.pk}/{suffix}", {"text": "x"}, format="json").status_code == 403
    assert Line.objects.get(pk=line.pk).status == "open"


def test_a_reviewer_claims_and_corrects_a_line_and_the_document_shows_the_correction(alice, reviewer, lines_ocr):
    document_id = uploaded_by(alice)
    line = doubtful(document_id)
    client = api_for(reviewer)
    queue = client.get("/api/idp/review/lines/").json()
    assert [(item["id"], item["text"], item["status"], item["document"]) for item in queue] == [
        (line.pk, "Tota1 1O", "open", document_id)]
    claim = client.post(f"/api/idp/review/lines/{line.pk}/claim/")
    assert claim.status_code == 200 and claim.json()["reviewer"] == "rene"
    done = client.post(f"/api/idp/review/lines/{line.pk}/", {"text": "Total 10"}, format="json")
    assert done.status_code == 200, done.content
    assert (done.json()["status"], done.json()["final_text"]) == ("corrected", "Total 10")
    document = api_for(alice).get(f"/api/idp/documents/{document_id}/").json()
    assert document["status"] == "done"
    assert document["pages"][0]["final_text"] == "Invoice 42\nTotal 10\nThank you"
    assert [line["final_text"] for line in document["pages"][0]["lines"]] == ["Invoice 42", "Total 10", "Thank you"]
    assert client.get("/api/idp/review/lines/").json() == []


def test_confirm_and_unreadable_are_actions_of_the_same_endpoint(alice, reviewer, lines_ocr, settings):
    settings.IDP_AUDIT_SHARE = 1.0  # every line waits, so there is one for each action
    document_id = uploaded_by(alice)
    first, second = Line.objects.filter(page__document_id=document_id).order_by("number")[:2]
    client = api_for(reviewer)
    for line, action in ((first, "confirm"), (second, "unreadable")):
        client.post(f"/api/idp/review/lines/{line.pk}/claim/")
        answer = client.post(f"/api/idp/review/lines/{line.pk}/", {"action": action}, format="json")
        assert answer.status_code == 200, answer.content
    assert list(Line.objects.filter(pk__in=(first.pk, second.pk)).order_by("number").values_list(
        "status", "final_text")) == [("confirmed", "Invoice 42"), ("unreadable", "")]


def test_bad_input_gets_a_clear_4xx_and_changes_nothing(alice, reviewer, curator, lines_ocr):
    line = doubtful(uploaded_by(alice))
    client = api_for(reviewer)
    assert client.post("/api/idp/review/lines/999999/", {"text": "x"}, format="json").status_code == 404
    assert client.post("/api/idp/review/lines/999999/claim/").status_code == 404
    unclaimed = client.post(f"/api/idp/review/lines/{line.pk}/", {"text": "Total 10"}, format="json")
    assert unclaimed.status_code == 409 and unclaimed.json()["detail"] == "claim the line before reviewing it"
    client.post(f"/api/idp/review/lines/{line.pk}/claim/")
    for body, field in (({"text": ""}, "text"), ({"text": "   "}, "text"), ({}, "text"),
                        ({"text": "x" * 2001}, "text"), ({"action": "delete"}, "action"),
                        ({"text": ["a", "b"]}, "text")):
        answer = client.post(f"/api/idp/review/lines/{line.pk}/", body, format="json")
        assert answer.status_code == 400 and field in answer.json(), (body, answer.content)
    grant_role(curator, REVIEWER)
    other = api_for(curator)
    taken = other.post(f"/api/idp/review/lines/{line.pk}/claim/")
    assert taken.status_code == 409 and "another reviewer" in taken.json()["detail"]
    not_theirs = other.post(f"/api/idp/review/lines/{line.pk}/", {"text": "Total 10"}, format="json")
    assert not_theirs.status_code == 409
    assert other.post(f"/api/idp/review/lines/{line.pk}/release/").status_code == 409
    accepted = Line.objects.filter(page=line.page, route=Line.Route.ACCEPTED).first()
    refused = client.post(f"/api/idp/review/lines/{accepted.pk}/claim/")
    assert refused.status_code == 409 and "accepted automatically" in refused.json()["detail"]
    line.refresh_from_db()
    assert (line.status, line.reviewer, line.final_text, line.corrected_text) == ("claimed", reviewer, "", "")
    assert Document.objects.get().status == "needs_review"
    assert not StageEvent.objects.filter(stage="line_review").exists()
    released = client.post(f"/api/idp/review/lines/{line.pk}/release/")
    assert released.status_code == 200 and released.json()["status"] == "open"


def test_the_schema_documents_lines_and_the_line_review_endpoints(alice):
    schema = api_for(alice).get("/api/schema/", {"format": "json"}).json()
    assert {"/api/idp/review/lines/", "/api/idp/review/lines/{id}/", "/api/idp/review/lines/{id}/claim/",
            "/api/idp/review/lines/{id}/release/"} <= set(schema["paths"])
    page = schema["components"]["schemas"]["Page"]["properties"]
    assert page["lines"]["items"]["$ref"] == "#/components/schemas/Line"
    line = schema["components"]["schemas"]["Line"]["properties"]
    assert {"id", "text", "confidence", "box", "route", "reason", "final_text"} <= set(line)
    review = schema["paths"]["/api/idp/review/lines/{id}/"]["post"]["requestBody"]["content"]["application/json"]
    assert review["schema"]["$ref"] == "#/components/schemas/LineReviewIn"

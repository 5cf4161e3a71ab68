"""The document API: upload (202), follow, every bad input a 400, privacy; the reviewers' endpoints are in test_review.py."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from rest_framework.test import APIClient

from demo_idp import pipeline
from demo_idp.models import Document
from tests.demo_idp.helpers import (
    api_for, handmade_pdf, pdf_with_pages, png_bytes, png_header_bomb, zip_bytes,
)

pytestmark = pytest.mark.django_db

PNG = png_bytes(Image.new("L", (50, 30), 255))


def post_file(client, data: bytes, name="scan.png"):
    return client.post("/api/idp/documents/", {"file": SimpleUploadedFile(name, data)}, format="multipart")


def test_an_upload_answers_202_with_id_status_and_url(alice):
    response = post_file(api_for(alice), PNG)
    assert response.status_code == 202
    document = Document.objects.get()
    assert response.json() == {"id": document.pk, "status": "queued", "duplicate": False,
                               "url": f"http://testserver/api/idp/documents/{document.pk}/"}
    assert document.owner == alice


def test_the_same_bytes_again_return_the_earlier_document(alice):
    client = api_for(alice)
    first = post_file(client, PNG).json()
    again = post_file(client, PNG, name="renamed.png").json()
    assert again["id"] == first["id"] and again["duplicate"] is True
    assert Document.objects.count() == 1


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", "empty.png", "the file is empty"),
        (b"just words\n", "text.png", "this is a text file"),
        (png_header_bomb(), "bomb.png", "image too large: 900 megapixels"),
        (pdf_with_pages(500, size=(10, 10)), "long.pdf", "too many pages: 500, the limit is 20"),
        (handmade_pdf(encrypt=True), "locked.pdf", "the PDF is encrypted"),
        (zip_bytes(), "scans.zip", "this is a ZIP archive"),
        (b"%PDF-1.4" + b"\0" * (21 * 1024 * 1024), "big.pdf", "the file is 21.0 MB, the limit is 20 MB"),
    ],
    ids=["empty", "text-as-png", "30000x30000-png", "500-page-pdf", "encrypted-pdf", "zip", "21-mb"],
)
def test_every_bad_upload_is_a_400_naming_the_reason(alice, data, name, reason):
    response = post_file(api_for(alice), data, name)
    assert response.status_code == 400
    assert reason in response.json()["file"][0]
    assert not Document.objects.exists()


def test_a_name_with_path_separators_and_control_characters_is_cleaned(alice, settings, tmp_path):
    response = post_file(api_for(alice), PNG, name="../../x\x07y.png")
    assert response.status_code == 202
    assert Document.objects.get().original_name == "xy.png"
    assert [p.name for p in tmp_path.iterdir()] == ["media"]


def test_anonymous_api_calls_answer_401():
    client = APIClient()
    assert post_file(client, PNG).status_code == 401
    assert client.get("/api/idp/documents/1/").status_code == 401
    assert client.get("/api/idp/review-queue/").status_code == 401


def test_a_document_shows_its_pages_words_and_routes(alice, hello_ocr, settings):
    client = api_for(alice)
    document_id = post_file(client, PNG).json()["id"]
    pipeline.process_document(document_id=document_id)
    body = client.get(f"/api/idp/documents/{document_id}/").json()
    assert (body["status"], body["error"]) == ("done", None)
    page = body["pages"][0]
    assert {k: page[k] for k in ("number", "status", "rotation", "skew_angle", "text", "mean_confidence")} == {
        "number": 1, "status": "done", "rotation": 180, "skew_angle": 0.5, "text": "Hello", "mean_confidence": 91.0}
    assert page["route"] == "auto_accepted"
    assert page["route_reason"] == "mean confidence 91.0; all 1 line at least 70"
    assert page["words"] == [{"text": "Hello", "confidence": 91.0, "box": [1, 2, 30, 10]}]
    assert page["final_text"] == "Hello" and page["id"]


def test_a_page_below_the_threshold_shows_as_waiting_for_review(alice, hello_ocr, settings):
    settings.IDP_MIN_LINE_CONFIDENCE = 95.0
    client = api_for(alice)
    document_id = post_file(client, PNG).json()["id"]
    pipeline.process_document(document_id=document_id)
    body = client.get(f"/api/idp/documents/{document_id}/").json()
    page = body["pages"][0]
    assert (body["status"], page["status"], page["route"]) == ("needs_review", "needs_review", "review")
    assert page["route_reason"] == "its only line is doubtful (limit 50%); mean confidence 91.0"
    assert page["final_text"] == ""


def test_a_failed_document_carries_its_error_and_can_be_retried(alice):
    client = api_for(alice)
    data = png_bytes(Image.effect_noise((200, 200), 30))
    document_id = post_file(client, data[:300]).json()["id"]
    pipeline.process_document(document_id=document_id)
    body = client.get(f"/api/idp/documents/{document_id}/").json()
    assert body["status"] == "failed" and "damaged or truncated" in body["error"]
    assert client.post(f"/api/idp/documents/{document_id}/retry/").status_code == 202
    assert client.post(f"/api/idp/documents/{document_id}/retry/").status_code == 409


def test_another_users_document_is_404(alice, bob):
    document_id = post_file(api_for(alice), PNG).json()["id"]
    assert api_for(bob).get(f"/api/idp/documents/{document_id}/").status_code == 404
    assert api_for(bob).post(f"/api/idp/documents/{document_id}/retry/").status_code == 404
    assert api_for(bob).get("/api/idp/documents/").json() == []
    assert [d["id"] for d in api_for(alice).get("/api/idp/documents/").json()] == [document_id]


def test_the_schema_documents_the_endpoints(client):
    schema = client.get("/api/schema/").content.decode()
    for path in ("/api/idp/documents/", "/api/idp/documents/{id}/", "/api/idp/review-queue/",
                 "/api/idp/pages/{id}/claim/", "/api/idp/pages/{id}/review/"):
        assert path in schema

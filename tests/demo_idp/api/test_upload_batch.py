"""An upload of several files answers per file, on the API and the page alike (uploads.batch_status):
202 when every file is queued, 207 when some are queued and some refused, 400 when none is."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from demo_idp.models import Document
from tests.demo_idp.helpers import api_for, png_bytes, zip_bytes

pytestmark = pytest.mark.django_db

GOOD = png_bytes(Image.new("L", (50, 30), 255))
OTHER = png_bytes(Image.new("L", (51, 30), 255))


def files(*pairs):
    return [SimpleUploadedFile(name, data) for name, data in pairs]


def post(client, *pairs):
    return client.post("/api/idp/documents/", {"file": files(*pairs)}, format="multipart")


def test_a_mixed_batch_queues_the_good_files_and_answers_207_per_file(alice):
    response = post(api_for(alice), ("a.png", GOOD), ("scans.zip", zip_bytes()), ("empty.png", b""), ("b.png", OTHER))
    assert response.status_code == 207
    body = response.json()
    assert (body["queued"], body["refused"]) == (2, 2)
    assert [(f["name"], f["result"]) for f in body["files"]] == [
        ("a.png", "queued"), ("scans.zip", "refused"), ("empty.png", "refused"), ("b.png", "queued")]
    refused = {f["name"]: f for f in body["files"] if f["result"] == "refused"}
    assert "this is a ZIP archive" in refused["scans.zip"]["reason"]
    assert refused["empty.png"]["reason"] == "the file is empty"
    assert refused["scans.zip"]["id"] is None and refused["scans.zip"]["url"] is None
    queued = [f for f in body["files"] if f["result"] == "queued"]
    assert sorted(f["id"] for f in queued) == sorted(Document.objects.values_list("pk", flat=True))
    assert all(f["reason"] == "" and f["status"] == "queued" and f["url"].endswith(f"/{f['id']}/") for f in queued)


def test_a_batch_all_queued_is_202_and_all_refused_is_400_changing_nothing(alice):
    client = api_for(alice)
    bad = post(client, ("scans.zip", zip_bytes()), ("notes.png", b"just words\n"))
    assert bad.status_code == 400 and (bad.json()["queued"], bad.json()["refused"]) == (0, 2)
    assert not Document.objects.exists()
    good = post(client, ("a.png", GOOD), ("b.png", OTHER))
    assert good.status_code == 202 and [f["result"] for f in good.json()["files"]] == ["queued", "queued"]
    again = post(client, ("a-again.png", GOOD), ("c.png", zip_bytes()))
    assert again.status_code == 207 and again.json()["files"][0]["duplicate"] is True
    assert Document.objects.count() == 2


def test_one_file_keeps_its_plain_answer_and_no_file_or_a_text_field_is_a_400_naming_file(alice):
    client = api_for(alice)
    assert post(client, ("a.png", GOOD)).json().keys() == {"id", "status", "url", "duplicate"}
    assert post(client, ("scans.zip", zip_bytes())).json() == {
        "file": ["this is a ZIP archive, not a PNG, JPEG, TIFF or PDF file"]}
    none = client.post("/api/idp/documents/", {}, format="multipart")
    text = client.post("/api/idp/documents/", {"file": "not a file"}, format="multipart")
    for response in (none, text):
        assert response.status_code == 400 and list(response.json()) == ["file"]
        assert all(isinstance(message, str) for message in response.json()["file"])


def test_the_page_answers_a_mixed_batch_207_listing_the_refused_and_the_queued(client):
    response = client.post("/demo/", {"files": files(("a.png", GOOD), ("scans.zip", zip_bytes()), ("empty.png", b""))})
    assert response.status_code == 207
    html = response.content.decode()
    assert "<strong>scans.zip</strong>: this is a ZIP archive" in html
    assert "<strong>empty.png</strong>: the file is empty" in html
    assert "Queued: a.png." in html
    assert list(Document.objects.values_list("original_name", flat=True)) == ["a.png"]
    refused = client.post("/demo/", {"files": files(("scans.zip", zip_bytes()))})
    assert refused.status_code == 400 and Document.objects.count() == 1

"""The demo's pages: upload (files and samples), privacy between visitors, progress, downloads; the reviewers' pages are in test_review.py."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from demo_idp import pipeline
from demo_idp.models import Document, ThresholdChange
from tests.demo_idp.fakes import hello_engine
from tests.demo_idp.helpers import logged_in, png_bytes, zip_bytes
from tests.html_helpers import external_asset_urls

pytestmark = pytest.mark.django_db

PNG = png_bytes(Image.new("L", (50, 30), 255))


def upload(client, data=PNG, name="scan.png"):
    return client.post("/demo/", {"files": SimpleUploadedFile(name, data)})


def processed(document_id):
    """The document read by the pipeline with the fake engine passed in: "Hello" at 91."""
    pipeline.process_document(document_id=document_id, engine=hello_engine())
    return Document.objects.get(pk=document_id)


def test_the_upload_page_offers_files_and_samples_and_loads_nothing_from_elsewhere(client):
    response = client.get("/demo/")
    html = response.content.decode()
    assert response.status_code == 200
    assert 'type="file"' in html and "multiple" in html
    assert 'name="sample" value="form0-rot180"' in html
    assert external_asset_urls(html) == []
    assert client.get("/demo/samples/form0-rot180.png")["Content-Type"] == "image/png"
    assert client.get("/demo/samples/nope.png").status_code == 404


def test_a_visitor_uploads_without_an_account_and_lands_on_the_document(client):
    response = upload(client)
    document = Document.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/demo/documents/{document.pk}/"
    assert document.owner is None and document.visitor_id
    page = client.get(response["Location"])
    assert page.status_code == 200 and "scan.png" in page.content.decode()


def test_picking_a_sample_twice_returns_the_same_document(client):
    first = client.post("/demo/", {"sample": "form0-rot180"})
    second = client.post("/demo/", {"sample": "form0-rot180"})
    assert first["Location"] == second["Location"]
    assert Document.objects.get().original_name == "form0-rot180.png"


def test_several_files_at_once_are_each_queued(client):
    other = png_bytes(Image.new("L", (51, 30), 255))
    response = client.post("/demo/", {"files": [SimpleUploadedFile("a.png", PNG), SimpleUploadedFile("b.png", other)]})
    assert response.status_code == 302 and response["Location"] == "/demo/"
    assert Document.objects.count() == 2


def test_a_bad_file_is_a_400_with_its_reason_on_the_page(client):
    response = upload(client, zip_bytes(), "scans.zip")
    assert response.status_code == 400
    assert "this is a ZIP archive" in response.content.decode()
    assert upload(client, b"", "empty.png").status_code == 400
    assert client.post("/demo/", {}).status_code == 400
    assert not Document.objects.exists()


def test_a_user_owns_what_they_upload_and_sees_it_from_another_session(alice):
    browser = Client()
    browser.force_login(alice)
    upload(browser)
    document = Document.objects.get()
    assert document.owner == alice
    elsewhere = Client()
    elsewhere.force_login(alice)
    assert elsewhere.get(f"/demo/documents/{document.pk}/").status_code == 200


def test_another_visitors_document_pages_images_and_downloads_are_404(client, bob):
    upload(client)
    document = processed(Document.objects.get().pk)
    page = document.pages.get()
    for visitor in (Client(), logged_in(bob)):
        visitor.get("/demo/")  # a session of its own
        for url in (f"/demo/documents/{document.pk}/", f"/demo/documents/{document.pk}/progress/",
                    f"/demo/documents/{document.pk}/download/text/", f"/demo/pages/{page.pk}/image.png"):
            assert visitor.get(url).status_code == 404, url
        assert visitor.post(f"/demo/documents/{document.pk}/retry/").status_code == 404
    assert client.get(f"/demo/pages/{page.pk}/image.png").status_code == 200


def test_progress_json_gives_each_pages_stage_and_timings(client):
    upload(client)
    document = Document.objects.get()
    before = client.get(f"/demo/documents/{document.pk}/progress/").json()
    assert (before["status"], before["processing"], before["pages"]) == ("queued", True, [])
    processed(document.pk)
    after = client.get(f"/demo/documents/{document.pk}/progress/").json()
    assert after["processing"] is False
    assert after["pages"][0]["timings"].keys() == {"ocr", "store", "route"}
    assert after["pages"][0]["stage_label"]


def test_the_document_page_polls_while_processing_with_a_polite_live_region(client):
    upload(client)
    html = client.get(f"/demo/documents/{Document.objects.get().pk}/").content.decode()
    assert 'aria-live="polite"' in html and "js/idp_progress.js" in html
    assert re.search(r'data-idp-progress="/demo/documents/\d+/progress/"', html)


def test_a_processed_page_shows_rotation_words_by_confidence_rules_and_reason(client, settings):
    upload(client)
    document = processed(Document.objects.get().pk)
    html = client.get(f"/demo/documents/{document.pk}/").content.decode()
    assert 'data-testid="rotation">180°' in html
    assert 'class="idp-word idp-high"' in html and 'aria-label="Hello: high confidence, 91%"' in html
    page = document.pages.get()
    # Routed by the setting's threshold: no calibrated threshold may linger from another test.
    assert list(ThresholdChange.objects.values_list("threshold", flat=True)) == []
    assert page.route_reason == "mean confidence 91.0; all 1 line at least 70", page.route_reason
    assert "mean confidence 91.0; all 1 line at least 70" in html, page.route_reason
    # The routing rules, from the settings and the router's own limit: lines, not pages.
    assert "accepted automatically when its words' mean confidence is at least 70" in html
    assert "more than 50% of its lines are doubtful" in html and "A random 0% of the pages" in html
    settings.IDP_MIN_LINE_CONFIDENCE = 65
    assert "mean confidence is at least 65" in client.get(f"/demo/documents/{document.pk}/").content.decode()
    assert "Download final text" in html


def test_downloads_give_text_json_and_the_final_text(client, settings):
    upload(client)
    document = processed(Document.objects.get().pk)
    assert document.status == "done"
    base = f"/demo/documents/{document.pk}/download"
    text = client.get(f"{base}/text/")
    assert text.content == b"Hello" and text["Content-Disposition"] == (
        "attachment; filename=\"scan.txt\"; filename*=UTF-8''scan.txt")
    data = json.loads(client.get(f"{base}/json/").content)
    assert data["pages"][0]["words"] == [{"text": "Hello", "confidence": 91.0, "box": [1, 2, 30, 10]}]
    corrected = client.get(f"{base}/corrected/")
    assert (corrected.status_code, corrected.content) == (200, b"Hello")
    assert client.get(f"{base}/other/").status_code == 404


def test_the_final_text_of_a_page_waiting_for_review_is_refused(client, settings):
    settings.IDP_MIN_LINE_CONFIDENCE = 95.0  # "Hello" at 91 goes to review
    upload(client)
    document = processed(Document.objects.get().pk)
    assert document.status == "needs_review"
    base = f"/demo/documents/{document.pk}/download"
    assert client.get(f"{base}/text/").content == b"Hello"
    assert client.get(f"{base}/corrected/").status_code == 409


def test_the_final_text_waits_for_review(client):
    upload(client)
    document = Document.objects.get()
    assert client.get(f"/demo/documents/{document.pk}/download/corrected/").status_code == 409


def test_a_failed_document_shows_its_reason_and_can_be_tried_again(client):
    data = png_bytes(Image.effect_noise((200, 200), 30))
    upload(client, data[:300], "cut.png")
    document = Document.objects.get()
    pipeline.process_document(document_id=document.pk)
    html = client.get(f"/demo/documents/{document.pk}/").content.decode()
    assert "damaged or truncated" in html and "Try again" in html
    client.post(f"/demo/documents/{document.pk}/retry/")
    assert Document.objects.get().status == "queued"


def test_the_navigation_links_the_demo_and_for_reviewers_the_queue(client, reviewer):
    assert 'href="/demo/"' in client.get("/").content.decode()
    assert 'href="/demo/review/"' not in client.get("/").content.decode()
    assert 'href="/demo/review/"' in logged_in(reviewer).get("/").content.decode()


def test_the_upload_page_names_the_planners_default_day_of_documents(client, monkeypatch):
    from demo_idp.monitoring import capacity

    assert "capacity</a> a day of 10,000,000 scans" in client.get("/demo/").content.decode()
    monkeypatch.setattr(capacity, "DEFAULT_DOCUMENTS_PER_DAY", 2_000_000)
    assert "capacity</a> a day of 2,000,000 scans" in client.get("/demo/").content.decode()


def test_the_document_page_looks_up_the_threshold_once_however_many_pages(client, monkeypatch):
    from demo_idp.monitoring import calibration
    from tests.demo_idp.helpers import pdf_with_pages

    upload(client, data=pdf_with_pages(3), name="three.pdf")
    document = processed(Document.objects.get().pk)
    assert document.pages.count() == 3
    lookups = []
    real = calibration.applied_threshold
    monkeypatch.setattr(calibration, "applied_threshold", lambda: lookups.append(1) or real())
    assert client.get(f"/demo/documents/{document.pk}/").status_code == 200
    assert len(lookups) == 1


def test_seconds_per_stage_are_listed_in_the_order_the_pipeline_runs_them():
    # PostgreSQL's jsonb hands the stored timings back with its own key order.
    from demo_idp.views.documents import stage_timings

    stored = {"ocr": 1.2, "route": 0.01, "clean": 0.1, "store": 0.05, "later": 0.3}
    assert list(stage_timings(stored)) == ["clean", "ocr", "store", "route", "later"]

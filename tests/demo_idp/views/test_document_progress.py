"""A document's live progress (steps, percent, seconds), the upload list that updates itself, the text
coloured by confidence, and what happens after a document goes to review."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.utils import timezone
from PIL import Image

from demo_idp import pipeline
from demo_idp.models import Document, Line, Page
from demo_idp.views.documents import page_progress
from tests.demo_idp.fakes import FakeEngine
from tests.demo_idp.helpers import png_bytes

pytestmark = pytest.mark.django_db

PNG = png_bytes(Image.new("L", (300, 120), 255))
# Two OCR lines: the first read well, the second with one doubtful word.
WORDS = (("Invoice", (10, 10, 60, 20), 96.0, 0), ("42", (80, 10, 20, 20), 95.0, 0),
         ("Total", (10, 50, 50, 20), 94.0, 1), ("1O", (70, 50, 20, 20), 20.0, 1))


def _upload(client, name="scan.png") -> Document:
    client.post("/demo/", {"files": SimpleUploadedFile(name, PNG)})
    return Document.objects.get(original_name=name)


def _read(document, words=WORDS) -> Document:
    pipeline.process_document(document_id=document.pk, engine=FakeEngine(words=words))
    return Document.objects.get(pk=document.pk)


def test_each_step_of_a_page_is_done_current_or_waiting_with_its_share_of_the_work():
    document = Document.objects.create(original_name="a.pdf", sha256="a" * 64, storage_key="k", content_type="pdf",
                                       size=1, page_count=3, status="processing")
    now = timezone.now()
    done = Page.objects.create(document=document, number=1, status="done", stage="done", timings={"ocr": 1.5})
    reading = Page.objects.create(document=document, number=2, status="processing", stage="reading",
                                  started=now - timedelta(seconds=2))
    queued = Page.objects.create(document=document, number=3)

    def states(progress):
        return [step["state"] for step in progress["steps"]]

    assert states(page_progress(done, typical=4.0)) == ["done"] * 4 and page_progress(done, typical=4.0)["percent"] == 100
    half = page_progress(reading, typical=4.0, now=now)
    assert states(half) == ["done", "current", "waiting", "waiting"] and half["elapsed"] == 2.0
    assert half["percent"] == 10 + int(0.5 * 75)  # half a typical page's reading time
    assert page_progress(reading, typical=1.0, now=now)["percent"] == 10 + int(0.95 * 75)  # never past saving
    assert page_progress(reading, typical=None, now=now)["percent"] == 10  # nothing measured yet
    assert states(page_progress(queued, typical=4.0)) == ["waiting"] * 4
    assert page_progress(queued, typical=4.0)["percent"] == 0


def test_the_progress_json_gives_the_documents_percent_and_each_pages_steps(client):
    document = _upload(client)
    before = client.get(f"/demo/documents/{document.pk}/progress/").json()
    assert (before["percent"], before["pages"], before["processing"]) == (0, [], True)
    Page.objects.create(document=document, number=1, status="processing", stage="reading", started=timezone.now())
    Document.objects.filter(pk=document.pk).update(page_count=2, status="processing")
    during = client.get(f"/demo/documents/{document.pk}/progress/").json()
    assert [step["label"] for step in during["pages"][0]["steps"]] == ["Open", "Read", "Save", "Route"]
    assert during["pages"][0]["stage_label"] == "Cleaning, straightening, turning upright and reading"
    assert during["percent"] == 5  # one page of two a tenth done
    Page.objects.all().delete()
    Document.objects.filter(pk=document.pk).update(page_count=0, status="queued")
    after = client.get(f"/demo/documents/{_read(document).pk}/progress/").json()
    assert (after["percent"], after["processing"], after["pages"][0]["steps"][-1]["state"]) == (100, False, "done")
    assert after["pages"][0]["seconds"] > 0


def test_the_document_page_shows_bars_and_steps_while_reading(client):
    document = _upload(client)
    Document.objects.filter(pk=document.pk).update(page_count=1, status="processing")
    Page.objects.create(document=document, number=1, status="processing", stage="reading", started=timezone.now())
    html = client.get(f"/demo/documents/{document.pk}/").content.decode()
    assert '<progress max="100" value="' in html and "data-idp-doc-progress" in html
    assert '<li class="idp-step idp-step-current" data-step="reading">Read</li>' in html
    assert "<template data-idp-page-template>" in html  # for pages that appear later


def test_after_needs_review_the_page_says_how_many_lines_a_person_will_check_and_by_when(client, settings):
    settings.IDP_AUDIT_SHARE = 0.0
    document = _read(_upload(client))
    assert document.status == "needs_review"
    waiting = Line.objects.filter(page__document=document, status="open").count()
    assert waiting == 1
    html = client.get(f"/demo/documents/{document.pk}/").content.decode().replace("\xa0", " ")
    deadline = document.sla_deadline.strftime("%-d %b %Y")
    assert "What happens next" in html and "A person will check 1 line by " in html and deadline in html
    assert "The other lines are accepted as read." in html and "(in 1 day, 23 hours" in html


def test_a_check_past_its_deadline_says_it_was_due_not_that_it_will_be_done_by_a_past_date(client, settings):
    settings.IDP_AUDIT_SHARE = 0.0
    document = _read(_upload(client))
    Document.objects.filter(pk=document.pk).update(sla_deadline=timezone.now() - timedelta(hours=2, minutes=5))
    html = client.get(f"/demo/documents/{document.pk}/").content.decode().replace("\xa0", " ")
    assert "A person will check 1 line; it was due by " in html and "(overdue by 2 hours, 5 minutes)</strong>." in html
    assert "A person will check 1 line by " not in html


def test_the_text_is_coloured_by_each_words_confidence(client, settings):
    settings.IDP_AUDIT_SHARE = 0.0
    document = _read(_upload(client))
    html = client.get(f"/demo/documents/{document.pk}/").content.decode()
    assert '<span class="idp-t idp-t-high" title="high confidence, 96%">Invoice</span>' in html
    assert '<span class="idp-t idp-t-low" title="low confidence, 20%">1O</span>' in html
    assert html.count('<span class="idp-line">') == 2


def test_the_upload_list_polls_itself_while_a_document_is_read_and_stops_after(client):
    document = _upload(client)
    page = client.get("/demo/").content.decode()
    assert 'hx-get="/demo/documents/" hx-trigger="every 2s" hx-swap="outerHTML"' in page
    part = client.get("/demo/documents/")
    assert part.status_code == 200 and "no-cache" in part["Cache-Control"]
    assert 'data-testid="document-status">Queued<' in part.content.decode() and "<html" not in part.content.decode()
    _read(document)
    done = client.get("/demo/documents/").content.decode()
    assert 'data-testid="document-status">Needs review<' in done or "Done<" in done
    assert "hx-trigger" not in done


def test_the_upload_list_shows_only_the_visitors_own_documents(client):
    _upload(client, name="mine.png")
    stranger = Client().get("/demo/documents/").content.decode()
    assert "mine.png" not in stranger and "Nothing yet" in stranger and "hx-trigger" not in stranger
    assert Client().post("/demo/documents/").status_code == 405

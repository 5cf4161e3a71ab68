"""Live progress in a real browser: a document's steps and bars move as its pages are read, and the
upload list changes a document's status in place, with no reload. The worker's steps are written to
the database here as the pipeline writes them (Page.stage, started, timings), so each moment is seen."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from demo_idp.intake import uploads
from demo_idp.models import Document, Page
from tests.demo_idp.helpers import png_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def owner(transactional_db):
    return UserFactory(username="vera")


def _document(owner, name="two-pages.pdf") -> Document:
    data = png_bytes(Image.new("L", (60, 40), 255))
    return uploads.create_document(data=data, name=name, owner=owner)[0]


def test_the_document_page_shows_each_step_and_the_bars_as_the_worker_goes(page, owner, log_in):
    document = _document(owner)
    log_in(page, "vera")
    page.goto(f"/demo/documents/{document.pk}/")
    page.evaluate("window.notReloaded = true")
    expect(page.get_by_text("Waiting for a worker…")).to_be_visible()
    expect(page.locator("[data-idp-percent]")).to_have_text("0%")

    # The worker opens the file: two pages, the first being read.
    Document.objects.filter(pk=document.pk).update(status="processing", page_count=2, started=timezone.now())
    Page.objects.create(document=document, number=1, status="processing", stage="reading",
                        started=timezone.now() - timedelta(seconds=1))
    Page.objects.create(document=document, number=2)
    first, second = page.locator('[data-page="1"]'), page.locator('[data-page="2"]')
    expect(first.locator('[data-step="reading"]')).to_have_class(re.compile("idp-step-current"))
    expect(first.locator('[data-step="rasterising"]')).to_have_class(re.compile("idp-step-done"))
    expect(first.locator("[data-elapsed]")).to_have_text(re.compile(r"^\d+\.\d s$"))
    expect(second.locator("[data-stage]")).to_have_text("Waiting for a worker")
    expect(page.locator("[data-idp-doc-status]")).to_have_text("Processing")
    assert int(first.locator("[data-bar]").get_attribute("value") or first.locator("[data-bar]").evaluate(
        "bar => bar.value")) >= 10

    # The first page is read and routed; its seconds per stage appear; the document is half done.
    Page.objects.filter(pk=document.pages.get(number=1).pk).update(
        status="done", stage="done", timings={"clean": 0.1, "ocr": 1.2, "store": 0.05, "route": 0.01})
    Page.objects.filter(pk=document.pages.get(number=2).pk).update(status="processing", stage="saving")
    expect(first.locator("[data-timings]")).to_have_text("clean 0.10 s · ocr 1.20 s · store 0.05 s · route 0.01 s")
    expect(first.locator('[data-step="routed"]')).to_have_class(re.compile("idp-step-done"))
    expect(second.locator('[data-step="saving"]')).to_have_class(re.compile("idp-step-current"))
    expect(page.locator("[data-idp-percent]")).to_have_text("92%")  # (100 + 85) / 2, rounded
    assert page.evaluate("window.notReloaded") is True
    assert page.locator("[data-idp-announce]").text_content().startswith("Page 1: Done")


def test_the_upload_list_changes_a_status_in_place(page, owner, log_in):
    document = _document(owner, name="listed.png")
    log_in(page, "vera")
    page.goto("/demo/")
    page.evaluate("window.notReloaded = true")
    status = page.locator(f'[data-document="{document.pk}"] [data-testid="document-status"]')
    expect(status).to_have_text("Queued")
    Document.objects.filter(pk=document.pk).update(status="processing")
    expect(status).to_have_text("Processing")
    Document.objects.filter(pk=document.pk).update(status="done")
    expect(status).to_have_text("Done")
    assert page.evaluate("window.notReloaded") is True
    # Nothing left to read: the list stops asking.
    expect(page.locator("#idp-documents")).not_to_have_attribute("hx-trigger", re.compile("."))

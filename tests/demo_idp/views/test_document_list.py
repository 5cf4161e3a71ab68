"""The visitor's documents on the upload page when there are a thousand: how many by status, pages of them,
the newest first (it showed the newest fifty and no word of the rest)."""

import re
import secrets
from datetime import timedelta

import pytest
from django.utils import timezone

from demo_idp.models import Document
from demo_idp.views.documents import DOCUMENTS_PER_PAGE, documents_by_status

pytestmark = pytest.mark.django_db

LONG_NAME = ("Scan_2026-11-22_supplier-invoice_ACME-Industrial-Components-GmbH_" * 2)[:116] + ".png"


def _documents(owner, count, status=Document.Status.DONE, name="scan-{n}.png"):
    now = timezone.now()
    Document.objects.bulk_create(
        Document(original_name=name.format(n=n), sha256=secrets.token_hex(32), storage_key=f"k{n}", content_type="png",
                 size=100, page_count=1, status=status, owner=owner, created=now - timedelta(minutes=n))
        for n in range(count))


def test_documents_are_counted_by_status_in_the_pipelines_order_with_thousands_grouped(alice):
    _documents(alice, 1200)
    _documents(alice, 3, status=Document.Status.NEEDS_REVIEW)
    _documents(alice, 1, status=Document.Status.FAILED)
    assert documents_by_status(Document.objects.all()) == ["3 waiting for a reviewer", "1,200 done", "1 failed"]


def test_a_thousand_documents_are_counted_and_shown_a_page_at_a_time(alice_client, alice):
    _documents(alice, 1000, name=LONG_NAME)
    html = alice_client.get("/demo/").content.decode()
    assert "1,000 documents: 1,000 done. Newest first; here 1 to 50." in re.sub(r"\s+", " ", html)
    assert html.count("data-document=") == DOCUMENTS_PER_PAGE
    assert "Page 1 of 20" in html and 'href="?page=20#idp-documents">Last<' in html and ">First<" not in html

    last = alice_client.get("/demo/?page=20").content.decode()
    assert "here 951 to 1,000." in last and ">First<" in last and ">Last<" not in last


def test_the_polling_list_stays_on_the_page_the_visitor_is_reading(alice_client, alice):
    _documents(alice, 60)
    _documents(alice, 1, status=Document.Status.QUEUED)  # the newest, on page 1
    Document.objects.filter(status=Document.Status.QUEUED).update(created=timezone.now() - timedelta(days=1))
    html = alice_client.get("/demo/?page=2").content.decode()
    assert 'hx-get="/demo/documents/?page=2" hx-trigger="every 2s"' in html
    assert alice_client.get("/demo/documents/?page=2").content.decode().count("data-document=") == 11


def test_one_document_is_one_document_without_pages(alice_client, alice):
    _documents(alice, 1)
    html = alice_client.get("/demo/").content.decode()
    assert "1 document: 1 done." in re.sub(r"\s+", " ", html) and "idp-pagination" not in html

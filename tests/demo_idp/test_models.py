"""Status changes are conditional updates from the states allowed to leave; duplicates are refused."""

import pytest
from django.db import IntegrityError, transaction

from demo_idp.models import Document, Page

pytestmark = pytest.mark.django_db


def make_document(**fields) -> Document:
    defaults = dict(visitor_id="v", original_name="a.png", sha256="a" * 64, storage_key="k", content_type="png", size=1)
    return Document.objects.create(**{**defaults, **fields})


def test_a_document_moves_only_along_its_allowed_transitions():
    document = make_document()
    assert not document.advance(Document.Status.DONE)  # not from queued
    assert document.advance(Document.Status.PROCESSING)
    assert document.advance(Document.Status.NEEDS_REVIEW)
    assert not document.advance(Document.Status.FAILED)
    assert document.advance(Document.Status.DONE)
    assert Document.objects.get().status == "done"


def test_a_stale_copy_cannot_overwrite_a_newer_status():
    document = make_document()
    stale = Document.objects.get()
    assert document.advance(Document.Status.PROCESSING) and document.advance(Document.Status.FAILED, error="bad")
    assert stale.advance(Document.Status.PROCESSING) is False
    assert Document.objects.get().error == "bad"


def test_the_same_bytes_twice_for_one_visitor_or_one_owner_are_refused(alice):
    make_document()
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document()
    make_document(visitor_id="other")
    make_document(owner=alice, visitor_id="")
    with pytest.raises(IntegrityError), transaction.atomic():
        make_document(owner=alice, visitor_id="x")


def test_a_page_number_exists_once_per_document():
    document = make_document()
    Page.objects.create(document=document, number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(document=document, number=1)

"""The reviewer's queue: the demo's own sample scans, uploaded and processed as a visitor's would be.

Documents go through create_document and process_document (real Tesseract, synchronously), so the
pages that land in review are the ones the pipeline itself doubts. The reviewer has already
corrected one, with the page's ground truth. The retention job deletes uploads after
IDP_RETENTION_HOURS; the next seed_demo finds the queue empty and fills it again.
"""

from __future__ import annotations

import io
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from django.db import connection

from demo_idp.intake import samples
from demo_idp.intake.retention import delete_document
from demo_idp.intake.uploads import create_document
from demo_idp.models import Document, Page
from demo_idp.pipeline import process_document
from demo_idp.review import claim_page, submit_review

# Who "uploaded" the demo's scans: a visitor id of their own, so a reset finds exactly these.
VISITOR = "archpath-demo-seed"
# (seed, variant): hard pages the pipeline sends to review, and one clean page it accepts.
# About 1.5 s of Tesseract each for the hard ones, 0.6 s for the clean one.
SCANS = ((0, "noisy"), (0, "lowres"), (2, "noisy"), (3, "lowres"), (1, "clean"))
# The page the reviewer corrected already: the first hard one.
CORRECTED = 0


@dataclass
class Scans:
    documents: int = 0
    in_review: int = 0
    created: bool = False


def demo_documents():
    return Document.objects.filter(owner=None, visitor_id=VISITOR)


def fill_review_queue(*, reviewer) -> Scans:
    """Upload and process the sample scans unless the demo's documents are still there."""
    if demo_documents().exists():
        return Scans(documents=demo_documents().count(), in_review=_in_review(), created=False)
    texts = {}
    for seed, kind in SCANS:
        sample = samples.variant(samples.form_page(seed=seed, lines=8), kind, seed=seed)
        document, _created = create_document(data=_png(sample.image), name=f"{sample.name}.png", visitor_id=VISITOR)
        texts[document.pk] = sample.text
    process(list(texts))
    doubtful = Page.objects.filter(document__in=demo_documents(), status=Page.Status.NEEDS_REVIEW)
    doubtful = doubtful.order_by("document_id", "number")
    corrected = doubtful[CORRECTED:CORRECTED + 1].first()
    if corrected is not None:
        claim_page(page=corrected, reviewer=reviewer)
        submit_review(page=corrected, reviewer=reviewer, text=texts[corrected.document_id])
    return Scans(documents=len(SCANS), in_review=_in_review(), created=True)


def process(document_ids: list[int]) -> None:
    """process_document for each, side by side when the documents are committed (Tesseract runs in
    a process of its own, so threads use every core); one after the other inside a transaction,
    whose rows other connections cannot see."""
    if connection.in_atomic_block or len(document_ids) < 2:
        for document_id in document_ids:
            process_document(document_id=document_id)
        return
    with ThreadPoolExecutor(max_workers=min(len(document_ids), os.cpu_count() or 1)) as pool:
        list(pool.map(_process_in_thread, document_ids))


def _process_in_thread(document_id: int) -> None:
    try:
        process_document(document_id=document_id)
    finally:
        connection.close()  # the thread's own connection


def clear() -> int:
    """Delete the demo's documents with their pages, reviews and files; return how many."""
    documents = list(demo_documents().prefetch_related("pages"))
    for document in documents:
        delete_document(document)
    return len(documents)


def _in_review() -> int:
    return Page.objects.filter(document__in=demo_documents(), status=Page.Status.NEEDS_REVIEW).count()


def _png(image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()

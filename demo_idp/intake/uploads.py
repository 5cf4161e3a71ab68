"""Validate an upload and turn it into a queued Document.

Everything a person can get wrong is refused here, before anything is stored, with a sentence
they can act on: size, type (sniffed from the bytes), pixels and pages (read from headers only).
Damage that only decoding reveals (a truncated PNG) fails the document in the worker instead,
with the reason shown on its page.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q

from .. import dispatch
from ..models import Document
from ..monitoring import events
from ..ocr import rasterise
from . import storage
from .limits import Limits
from .sniff import BadInput, sniff_type

MAX_NAME_LENGTH = 150


class UploadRefused(Exception):
    """The upload is refused; `reason` is a sentence for the person who sent it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def clean_name(name: str) -> str:
    """A file name fit to show: no folders, no control characters, not empty, not too long.

    The name is only a label: storage keys are built from the content's hash, never from it.
    """
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, suffix = name.rpartition(".")
        name = (stem[: MAX_NAME_LENGTH - len(suffix) - 1] + dot + suffix) if dot and len(suffix) < 10 else name[:MAX_NAME_LENGTH]
    return name or "upload"


def check_size(size: int, limits: Limits) -> None:
    if size > limits.max_bytes:
        raise UploadRefused(
            f"the file is {size / 1024 / 1024:.1f} MB, the limit is {limits.max_mb} MB"
        )


def validate(data: bytes, limits: Limits) -> tuple[str, int]:
    """(type, page count) of an acceptable upload, or UploadRefused with the reason."""
    check_size(len(data), limits)
    try:
        kind = sniff_type(data)
        pages = rasterise.count_pages(data, max_pixels=limits.max_pixels)
    except BadInput as error:
        raise UploadRefused(error.reason) from error
    if pages > limits.max_pages:
        raise UploadRefused(f"too many pages: {pages}, the limit is {limits.max_pages}")
    if pages == 0:
        raise UploadRefused("the file has no pages")
    return kind, pages


def create_document(*, data: bytes, name: str, owner=None, visitor_id: str = "") -> tuple[Document, bool]:
    """Store the bytes and queue a new Document, or return the one the same person sent before.

    Returns (document, created). Raises UploadRefused for bad input.
    """
    limits = Limits.from_settings()
    kind, pages = validate(data, limits)
    sha256 = hashlib.sha256(data).hexdigest()
    earlier = _earlier_upload(sha256, owner=owner, visitor_id=visitor_id)
    if earlier is not None:
        return earlier, False
    key = storage.put(storage.original_key(sha256, kind), data)
    try:
        with transaction.atomic():
            document = Document(
                owner=owner if owner is not None and owner.is_authenticated else None,
                visitor_id=visitor_id,
                original_name=clean_name(name),
                sha256=sha256,
                storage_key=key,
                content_type=kind,
                size=len(data),
                page_count=pages,
            )
            document.sla_deadline = document.created + timedelta(hours=settings.IDP_SLA_HOURS)
            document.save()
            events.uploaded(document)
            dispatch.enqueue(document.pk)
    except IntegrityError:
        # The same bytes arrived twice at once from the same person: the other request won.
        earlier = _earlier_upload(sha256, owner=owner, visitor_id=visitor_id)
        if earlier is None:
            raise
        return earlier, False
    return document, True


def upload_file(*, file, owner=None, visitor_id: str = "") -> tuple[Document, bool]:
    """create_document for a Django UploadedFile, refusing an oversized one before reading it."""
    check_size(file.size, Limits.from_settings())
    data = b"".join(file.chunks())
    return create_document(data=data, name=file.name or "upload", owner=owner, visitor_id=visitor_id)


@dataclass
class Outcome:
    """What became of one file of a batch: its document (queued, or sent before) or why it was refused."""

    name: str
    document: Document | None = None
    created: bool = False
    reason: str = ""


def upload_files(files, *, owner=None, visitor_id: str = "") -> list[Outcome]:
    """upload_file for each file on its own: a refused file never stops the others. In the order sent."""
    outcomes = []
    for file in files:
        name = clean_name(file.name or "")
        try:
            document, created = upload_file(file=file, owner=owner, visitor_id=visitor_id)
        except UploadRefused as refused:
            outcomes.append(Outcome(name=name, reason=refused.reason))
        else:
            outcomes.append(Outcome(name=name, document=document, created=created))
    return outcomes


def batch_status(outcomes: list[Outcome]) -> int:
    """The HTTP status of an upload, page and API alike: 202 when every file is queued, 207 (several
    statuses) when some are and some are refused, 400 when none is."""
    queued = sum(outcome.document is not None for outcome in outcomes)
    if not queued:
        return 400
    return 202 if queued == len(outcomes) else 207


def _earlier_upload(sha256: str, *, owner, visitor_id: str) -> Document | None:
    rule = Q(pk__in=[])
    if owner is not None and owner.is_authenticated:
        rule |= Q(owner=owner)
    if visitor_id:
        rule |= Q(visitor_id=visitor_id)
    return Document.objects.filter(rule, sha256=sha256).order_by("created").first()

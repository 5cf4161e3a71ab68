"""Originals and page images through Django's default storage (local media or S3).

Keys are built here only, from hashes and ids, never from a file name someone sent, so nothing is
ever written outside the storage's own folder or bucket prefix.
"""

import io

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from PIL import Image

PREFIX = "idp"


def original_key(sha256: str, kind: str) -> str:
    """Content-addressed: the same bytes are stored once, whoever sends them."""
    return f"{PREFIX}/originals/{sha256[:2]}/{sha256}.{kind}"


def page_image_key(document_id: int, number: int) -> str:
    return f"{PREFIX}/pages/{document_id}/{number}.png"


def put(key: str, data: bytes, *, overwrite: bool = False) -> str:
    """Store data under exactly `key` (Django storages rename on clashes, so clear the key first)."""
    if default_storage.exists(key):
        if not overwrite:
            return key
        default_storage.delete(key)
    saved = default_storage.save(key, ContentFile(data))
    if saved != key:  # a concurrent writer got there between exists() and save()
        default_storage.delete(saved)
    return key


def get(key: str) -> bytes:
    with default_storage.open(key, "rb") as handle:
        return handle.read()


def delete(key: str) -> None:
    if key and default_storage.exists(key):
        default_storage.delete(key)


def put_image(key: str, image: Image.Image) -> str:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return put(key, buffer.getvalue(), overwrite=True)

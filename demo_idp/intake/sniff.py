"""Which kind of file an upload is, from its leading bytes, never from its name.

A text file renamed `.png` must be refused at upload with a sentence its sender can act on, not
fail deep inside Tesseract. BadInput is the one exception for bad input: raised here, by the
rasteriser and by an OCR engine that refuses a page.
"""

from __future__ import annotations

# Magic numbers of the accepted types, and of a few common wrong ones so the reason can name them.
_ACCEPTED = (
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"%PDF-", "pdf"),
)
_KNOWN_WRONG = (
    (b"PK\x03\x04", "a ZIP archive"),
    (b"PK\x05\x06", "a ZIP archive"),
    (b"Rar!", "a RAR archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf", "a 7-Zip archive"),
    (b"GIF8", "a GIF image"),
    (b"BM", "a BMP image"),
)
FILE_TYPES = tuple(dict.fromkeys(kind for _magic, kind in _ACCEPTED))  # png, jpeg, tiff, pdf
SUPPORTED = "PNG, JPEG, TIFF or PDF"


class BadInput(Exception):
    """The upload cannot be processed; `reason` is a sentence to show the person who sent it."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def sniff_type(data: bytes) -> str:
    """Return "png", "jpeg", "tiff" or "pdf" from the leading bytes, or raise BadInput."""
    if not data:
        raise BadInput("the file is empty")
    for magic, kind in _ACCEPTED:
        if data.startswith(magic):
            return kind
    for magic, what in _KNOWN_WRONG:
        if data.startswith(magic):
            raise BadInput(f"this is {what}, not a {SUPPORTED} file")
    if _looks_like_text(data[:4096]):
        raise BadInput(f"this is a text file, not a {SUPPORTED} file (was it renamed?)")
    raise BadInput(f"unrecognised file type: not a {SUPPORTED} file")


def _looks_like_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return all(byte >= 0x20 or byte in b"\t\n\r\f" for byte in head)

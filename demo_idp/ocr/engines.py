"""OCR engines behind one interface: Tesseract on the worker (default) or Amazon Textract.

An engine turns an upright-or-not page image into a ``page.PageResult``; the pipeline
stores and routes whatever engine produced it. ``IDP_OCR_ENGINE`` names one of ENGINES; another
engine (the tests' fake one, say) is registered under a name of its own and chosen the same way.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from io import BytesIO
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from ..intake.sniff import BadInput
from . import page

# Textract's synchronous API takes images up to 10 MB.
TEXTRACT_MAX_BYTES = 10 * 1024 * 1024
TRANSIENT_AWS_ERRORS = {
    "ThrottlingException",
    "ProvisionedThroughputExceededException",
    "InternalServerError",
    "ServiceUnavailableException",
    "LimitExceededException",
}


class TransientEngineError(OSError):
    """The engine's service failed in a way worth retrying (the task retries OSError with backoff)."""


class Engine(Protocol):
    name: str

    def read(self, image: Image.Image) -> page.PageResult: ...


class TesseractEngine:
    name = "tesseract"

    def __init__(self, *, config: page.OcrConfig):
        self.config = config

    def read(self, image: Image.Image) -> page.PageResult:
        return page.process_page(image, config=self.config)


class TextractEngine:
    """Amazon Textract's DetectDocumentText. Textract reads rotated pages itself, so no local
    orientation or deskew runs: rotation and skew are reported as 0 and the image is kept as sent."""

    name = "textract"

    def __init__(self, *, client, low_word_confidence: float):
        self.client = client
        self.low_word_confidence = low_word_confidence

    def read(self, image: Image.Image) -> page.PageResult:
        from botocore.exceptions import BotoCoreError, ClientError

        data = png_bytes(image)
        if len(data) > TEXTRACT_MAX_BYTES:
            raise BadInput(f"the page is {len(data) / 2**20:.1f} MB as PNG; Textract takes at most 10 MB")
        started = time.perf_counter()
        try:
            response = self.client.detect_document_text(Document={"Bytes": data})
        except ClientError as error:
            code = error.response.get("Error", {}).get("Code", "")
            if code in TRANSIENT_AWS_ERRORS:
                raise TransientEngineError(f"Textract is busy ({code}); retrying") from error
            raise BadInput(f"Textract refused the page ({code}): {error.response['Error'].get('Message', '')}") from error
        except BotoCoreError as error:  # connection and endpoint failures
            raise TransientEngineError(f"Textract could not be reached: {error}") from error
        words = words_from_blocks(response.get("Blocks", []), size=image.size)
        mean, low = page.confidence_stats(words, low_word_confidence=self.low_word_confidence)
        return page.PageResult(
            rotation=0,
            skew_angle=0.0,
            text=page.words_to_text(words),
            words=words,
            mean_confidence=mean,
            low_confidence_share=low,
            inverted=False,
            upscale=1.0,
            orientation_method="textract",
            orientation_confidence=0.0,
            image=image,
            timings={"ocr": time.perf_counter() - started},
        )


def png_bytes(image: Image.Image) -> bytes:
    buffer = BytesIO()
    image.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()


def words_from_blocks(blocks: list[dict], *, size: tuple[int, int]) -> list[page.Word]:
    """WORD blocks in reading order, with boxes in pixels and the index of their LINE."""
    width, height = size
    line_of: dict[str, int] = {}
    for block in blocks:
        if block.get("BlockType") == "LINE":
            index = len({*line_of.values()})
            for relation in block.get("Relationships", []):
                if relation.get("Type") == "CHILD":
                    line_of.update({word_id: index for word_id in relation.get("Ids", [])})
    words = []
    for block in blocks:
        if block.get("BlockType") != "WORD" or not block.get("Text", "").strip():
            continue
        box = block["Geometry"]["BoundingBox"]
        words.append(
            page.Word(
                text=block["Text"].strip(),
                confidence=float(block.get("Confidence", 0.0)),
                box=(round(box["Left"] * width), round(box["Top"] * height),
                     round(box["Width"] * width), round(box["Height"] * height)),
                line=line_of.get(block.get("Id", ""), 0),
            )
        )
    return words


def textract_client():
    import boto3

    return boto3.client("textract", region_name=settings.IDP_TEXTRACT_REGION or None)


def tesseract_from_settings() -> TesseractEngine:
    # The OCR's "low word" share must be measured against the same W the routing rules use.
    return TesseractEngine(config=page.OcrConfig(low_word_confidence=settings.IDP_LOW_WORD_CONFIDENCE))


def textract_from_settings() -> TextractEngine:
    return TextractEngine(client=textract_client(), low_word_confidence=settings.IDP_LOW_WORD_CONFIDENCE)


# The engines IDP_OCR_ENGINE may name: a name and a function that builds the engine.
ENGINES: dict[str, Callable[[], Engine]] = {"tesseract": tesseract_from_settings, "textract": textract_from_settings}


def engine_from_settings() -> Engine:
    """The engine IDP_OCR_ENGINE names, built now (a Textract client is made per call)."""
    try:
        build = ENGINES[settings.IDP_OCR_ENGINE]
    except KeyError:
        raise ImproperlyConfigured(
            f"IDP_OCR_ENGINE is {settings.IDP_OCR_ENGINE!r}; choose from {', '.join(ENGINES)}"
        ) from None
    return build()

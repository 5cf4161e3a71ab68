"""The OCR engines behind one interface; Amazon Textract tested with botocore's Stubber."""

import boto3
import pytest
from botocore.stub import ANY, Stubber
from django.core.exceptions import ImproperlyConfigured
from PIL import Image

from demo_idp import pipeline
from demo_idp.intake import uploads
from demo_idp.ocr import engines
from demo_idp.models import Document, Page
from demo_idp.intake.sniff import BadInput
from tests.demo_idp.helpers import png_bytes


def word(block_id, text, confidence, left, top, width=0.1, height=0.05):
    return {"BlockType": "WORD", "Id": block_id, "Text": text, "Confidence": confidence,
            "Geometry": {"BoundingBox": {"Left": left, "Top": top, "Width": width, "Height": height}}}


def line(block_id, text, children):
    return {"BlockType": "LINE", "Id": block_id, "Text": text, "Confidence": 99.0,
            "Relationships": [{"Type": "CHILD", "Ids": children}],
            "Geometry": {"BoundingBox": {"Left": 0.1, "Top": 0.1, "Width": 0.5, "Height": 0.05}}}


RESPONSE = {
    "DocumentMetadata": {"Pages": 1},
    "Blocks": [
        {"BlockType": "PAGE", "Id": "p", "Geometry": {"BoundingBox": {"Left": 0, "Top": 0, "Width": 1, "Height": 1}}},
        line("l1", "Invoice 42", ["w1", "w2"]),
        line("l2", "Total due", ["w3", "w4"]),
        word("w1", "Invoice", 99.1, 0.1, 0.1),
        word("w2", "42", 97.0, 0.25, 0.1),
        word("w3", "Total", 58.0, 0.1, 0.2),
        word("w4", "due", 91.5, 0.25, 0.2),
    ],
}


@pytest.fixture
def textract():
    client = boto3.client("textract", region_name="eu-west-1", aws_access_key_id="test",
                          aws_secret_access_key="test")
    with Stubber(client) as stubber:
        yield client, stubber
        stubber.assert_no_pending_responses()


def page_image():
    return Image.new("L", (1000, 800), 255)


def test_textract_words_get_pixel_boxes_lines_and_confidences(textract):
    client, stubber = textract
    stubber.add_response("detect_document_text", RESPONSE, {"Document": {"Bytes": ANY}})
    result = engines.TextractEngine(client=client, low_word_confidence=60).read(page_image())
    assert [w.text for w in result.words] == ["Invoice", "42", "Total", "due"]
    assert result.words[1].box == (250, 80, 100, 40)
    assert [w.line for w in result.words] == [0, 0, 1, 1]
    assert result.text == "Invoice 42\nTotal due"
    assert result.mean_confidence == pytest.approx((99.1 + 97.0 + 58.0 + 91.5) / 4, abs=0.01)
    assert result.low_confidence_share == 0.25
    assert result.orientation_method == "textract" and result.rotation == 0 and "ocr" in result.timings


def test_textract_throttling_is_transient_so_the_task_retries(textract):
    client, stubber = textract
    stubber.add_client_error("detect_document_text", service_error_code="ThrottlingException",
                             service_message="Rate exceeded", http_status_code=400)
    with pytest.raises(engines.TransientEngineError, match="busy"):
        engines.TextractEngine(client=client, low_word_confidence=60).read(page_image())
    assert issubclass(engines.TransientEngineError, OSError)  # the task's autoretry_for covers OSError


def test_a_page_textract_refuses_is_bad_input_with_the_reason(textract):
    client, stubber = textract
    stubber.add_client_error("detect_document_text", service_error_code="UnsupportedDocumentException",
                             service_message="Request has unsupported document format", http_status_code=400)
    with pytest.raises(BadInput, match="UnsupportedDocumentException"):
        engines.TextractEngine(client=client, low_word_confidence=60).read(page_image())


@pytest.mark.django_db
def test_the_pipeline_uses_the_engine_the_settings_choose(textract, settings, monkeypatch):
    client, stubber = textract
    settings.IDP_OCR_ENGINE = "textract"
    monkeypatch.setattr(engines, "textract_client", lambda: client)
    stubber.add_response("detect_document_text", RESPONSE, {"Document": {"Bytes": ANY}})
    document = uploads.create_document(data=png_bytes(page_image()), name="scan.png", visitor_id="v-t")[0]
    pipeline.process_document(document_id=document.pk)
    page = Page.objects.get(document=document)
    assert page.orientation_method == "textract"
    assert page.route == "auto_accepted" and page.route_reason == "mean confidence 86.4; all 2 lines at least 70"
    assert list(page.lines.values_list("text", "confidence")) == [("Invoice 42", 98.05), ("Total due", 74.75)]


@pytest.mark.django_db
def test_a_refused_page_fails_the_document_with_the_reason(textract, settings, monkeypatch):
    client, stubber = textract
    settings.IDP_OCR_ENGINE = "textract"
    monkeypatch.setattr(engines, "textract_client", lambda: client)
    stubber.add_client_error("detect_document_text", service_error_code="BadDocumentException",
                             service_message="Unable to process the document", http_status_code=400)
    document = uploads.create_document(data=png_bytes(page_image()), name="scan.png", visitor_id="v-t")[0]
    pipeline.process_document(document_id=document.pk)
    document.refresh_from_db()
    assert document.status == Document.Status.FAILED
    assert document.error.startswith("page 1: Textract refused the page (BadDocumentException)")


def test_tesseract_is_the_default_engine(settings):
    assert isinstance(engines.engine_from_settings(), engines.TesseractEngine)


def test_an_unknown_engine_name_stops_start_up(monkeypatch):
    from config.env import env_choice

    monkeypatch.setenv("IDP_OCR_ENGINE", "abbyy")
    with pytest.raises(ImproperlyConfigured, match="IDP_OCR_ENGINE='abbyy' must be one of tesseract, textract"):
        env_choice("IDP_OCR_ENGINE", "tesseract", ("tesseract", "textract"))

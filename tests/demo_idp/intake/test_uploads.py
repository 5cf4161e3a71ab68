"""Upload validation and document creation, without HTTP: every bad input refused with its reason."""

from pathlib import Path

import pytest
from PIL import Image

from demo_idp.intake import samples, storage, uploads
from demo_idp.models import Document
from tests.demo_idp.helpers import handmade_pdf, pdf_with_pages, png_bytes, png_header_bomb, zip_bytes

pytestmark = pytest.mark.django_db

SMALL_PNG = png_bytes(Image.new("L", (60, 40), 255))


def refused(data: bytes) -> str:
    with pytest.raises(uploads.UploadRefused) as caught:
        uploads.create_document(data=data, name="x.png", visitor_id="v")
    assert not Document.objects.exists()
    return caught.value.reason


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"hello, this is only text\n", "this is a text file"),
        (png_header_bomb(), "image too large: 900 megapixels"),
        (zip_bytes(), "this is a ZIP archive"),
        (handmade_pdf(encrypt=True), "the PDF is encrypted"),
        (pdf_with_pages(500, size=(10, 10)), "too many pages: 500, the limit is 20"),
    ],
    ids=["empty", "text-renamed-png", "30000x30000-png", "zip", "encrypted-pdf", "500-page-pdf"],
)
def test_bad_input_is_refused_with_a_readable_reason_and_nothing_stored(data, reason, settings):
    assert reason in refused(data)
    assert not (Path(settings.MEDIA_ROOT) / "idp").exists()


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(settings):
    settings.IDP_MAX_UPLOAD_MB = 20
    reason = refused(b"\x89PNG\r\n\x1a\n" + b"\0" * (21 * 1024 * 1024))
    assert reason == "the file is 21.0 MB, the limit is 20 MB"


def test_a_truncated_png_is_accepted_here_and_failed_by_the_worker_with_its_reason():
    # Only decoding finds the damage; the pipeline tests show the failed document and its reason.
    data = png_bytes(Image.effect_noise((300, 300), 40))
    document, created = uploads.create_document(data=data[: len(data) // 2], name="cut.png", visitor_id="v")
    assert created and document.status == Document.Status.QUEUED


@pytest.mark.parametrize(
    ("name", "cleaned"),
    [
        ("../../etc/passwd.png", "passwd.png"),
        ("..\\..\\windows\\scan.png", "scan.png"),
        ("in\x00voice\r\n\x1b[31m.png", "invoice[31m.png"),
        ("/", "upload"),
        ("...", "upload"),
        ("a" * 300 + ".pdf", "a" * 146 + ".pdf"),
    ],
)
def test_file_names_lose_folders_and_control_characters(name, cleaned):
    assert uploads.clean_name(name) == cleaned


def test_a_name_with_path_separators_is_only_a_label_the_file_stays_in_the_storage(settings, tmp_path):
    document, _ = uploads.create_document(data=SMALL_PNG, name="../../../../outside.png", visitor_id="v")
    assert document.original_name == "outside.png"
    media = Path(settings.MEDIA_ROOT).resolve()
    stored = (media / document.storage_key).resolve()
    assert stored.is_file() and media in stored.parents
    assert not (tmp_path / "outside.png").exists()
    assert document.storage_key == storage.original_key(document.sha256, "png")


def test_a_document_records_its_type_pages_size_and_sla_deadline(settings):
    settings.IDP_SLA_HOURS = 48
    document, created = uploads.create_document(data=pdf_with_pages(2), name="two.pdf", visitor_id="v")
    assert created
    assert (document.content_type, document.page_count, document.size) == ("pdf", 2, len(pdf_with_pages(2)))
    assert (document.sla_deadline - document.created).total_seconds() == 48 * 3600


def test_the_same_bytes_from_the_same_visitor_return_the_earlier_document():
    first, created = uploads.create_document(data=SMALL_PNG, name="a.png", visitor_id="v1")
    again, created_again = uploads.create_document(data=SMALL_PNG, name="b.png", visitor_id="v1")
    assert created and not created_again and again == first
    other, created_other = uploads.create_document(data=SMALL_PNG, name="a.png", visitor_id="v2")
    assert created_other and other != first
    assert other.storage_key == first.storage_key  # stored once: content-addressed


def test_a_user_gets_back_what_they_uploaded_as_a_visitor_before_logging_in(alice):
    before, _ = uploads.create_document(data=SMALL_PNG, name="a.png", visitor_id="v1")
    after, created = uploads.create_document(data=SMALL_PNG, name="a.png", owner=alice, visitor_id="v1")
    assert after == before and not created


def test_a_user_s_uploads_are_deduplicated_across_sessions(alice):
    first, _ = uploads.create_document(data=SMALL_PNG, name="a.png", owner=alice, visitor_id="v1")
    again, created = uploads.create_document(data=SMALL_PNG, name="a.png", owner=alice, visitor_id="")
    assert again == first and not created


def test_creating_a_document_queues_it_once_committed(django_capture_on_commit_callbacks, queued_tasks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        document, _ = uploads.create_document(data=SMALL_PNG, name="a.png", visitor_id="v")
    assert queued_tasks() == []  # nothing before the commit
    for callback in callbacks:
        callback()
    assert queued_tasks() == [("demo_idp.tasks.process_document", (document.pk,))]


def test_every_sample_scan_is_a_valid_png_with_stable_bytes():
    for name in samples.SAMPLES:
        data = samples.sample_bytes(name)
        assert uploads.validate(data, uploads.Limits.from_settings()) == ("png", 1)
    assert samples.sample_bytes("form0-rot180") == samples.sample_bytes("form0-rot180")


def test_the_limits_shown_on_the_page_the_form_and_the_api_follow_the_settings(client, settings):
    from demo_idp.forms import UploadForm

    settings.IDP_MAX_UPLOAD_MB, settings.IDP_MAX_PAGES = 7, 3
    sentence = "PNG, JPEG, TIFF or PDF (up to 3 pages), 7 MB each."
    assert str(UploadForm().fields["files"].help_text) == sentence
    html = client.get("/demo/").content.decode()
    assert sentence in html and "20 MB" not in html and "20 pages" not in html
    assert sentence in client.get("/api/schema/").content.decode()
    with pytest.raises(uploads.UploadRefused, match="too many pages: 4, the limit is 3"):
        uploads.create_document(data=pdf_with_pages(4), name="four.pdf", visitor_id="v")


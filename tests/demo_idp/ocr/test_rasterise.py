import io

import pytest
from PIL import Image

from demo_idp.ocr.rasterise import BadInput, count_pages, rasterise, sniff_type
from tests.demo_idp.helpers import handmade_pdf, pdf_with_pages, png_bytes, png_header_bomb, zip_bytes


def reason_for(data: bytes, **limits) -> str:
    with pytest.raises(BadInput) as caught:
        rasterise(data, **limits)
    return caught.value.reason


def test_an_empty_file_is_refused_as_empty():
    assert reason_for(b"") == "the file is empty"


def test_a_text_file_renamed_png_is_refused_as_text():
    assert "text file" in reason_for(b"Dear Sir,\nplease find attached...\n")


def test_a_truncated_png_is_refused_as_damaged():
    data = png_bytes(Image.new("L", (300, 300), 128).point(lambda v: v))
    noisy = png_bytes(Image.effect_noise((300, 300), 60))
    assert rasterise(data)  # the intact file is fine
    assert "damaged" in reason_for(noisy[: len(noisy) // 2])


def test_a_png_claiming_30000_by_30000_pixels_is_refused_from_its_header():
    reason = reason_for(png_header_bomb())
    assert reason.startswith("image too large: 900 megapixels")
    assert "the limit is 50" in reason


def test_a_zip_archive_is_named_as_such():
    assert reason_for(zip_bytes()) == "this is a ZIP archive, not a PNG, JPEG, TIFF or PDF file"


def test_a_500_page_pdf_is_refused_with_the_page_limit():
    assert reason_for(pdf_with_pages(500)) == "too many pages: 500, the limit is 20"


def test_an_encrypted_pdf_is_refused_as_encrypted():
    assert "encrypted" in reason_for(handmade_pdf(encrypt=True))


def test_a_pdf_page_is_rendered_at_300_dpi():
    (page,) = rasterise(handmade_pdf())
    assert page.size == (2550, 3300) or page.size == (2550, 3301)  # US Letter at 300 dpi


def test_a_pdf_page_too_large_to_render_is_refused_before_rendering():
    assert reason_for(pdf_with_pages(1, size=(14400, 14400))).startswith("image too large")


def test_a_multi_page_tiff_gives_every_page():
    buffer = io.BytesIO()
    first, second = Image.new("L", (50, 40), 255), Image.new("L", (60, 30), 0)
    first.save(buffer, format="TIFF", save_all=True, append_images=[second])
    pages = rasterise(buffer.getvalue())
    assert [page.size for page in pages] == [(50, 40), (60, 30)]
    assert count_pages(buffer.getvalue()) == 2


def test_types_are_sniffed_from_bytes_not_names():
    jpeg = io.BytesIO()
    Image.new("RGB", (10, 10)).save(jpeg, format="JPEG")
    assert sniff_type(jpeg.getvalue()) == "jpeg"
    assert sniff_type(handmade_pdf()) == "pdf"
    assert sniff_type(png_bytes(Image.new("L", (5, 5)))) == "png"

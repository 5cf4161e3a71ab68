"""Bad and good inputs for the document pipeline, built in memory (no files kept in the repo),
and the small builders the document demo's tests share."""

import hashlib
import io
import json
import struct
import zipfile
import zlib
from datetime import timedelta

import pypdfium2 as pdfium
from django.test import Client
from django.utils import timezone
from PIL import Image

from demo_idp.intake import uploads
from demo_idp.models import Document, Page, Review


def png_bytes(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def png_header_bomb(width: int = 30_000, height: int = 30_000) -> bytes:
    """A tiny PNG whose header claims width x height pixels (a decompression bomb's calling card)."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)  # 8-bit greyscale
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64)) + chunk(b"IEND", b"")


def zip_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("scan.png", b"not really")
    return buffer.getvalue()


def pdf_with_pages(count: int, *, size: tuple[float, float] = (200, 200)) -> bytes:
    document = pdfium.PdfDocument.new()
    for _ in range(count):
        document.new_page(*size)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def handmade_pdf(*, encrypt: bool = False) -> bytes:
    """A one-page PDF written by hand; with encrypt, a Standard security handler whose password
    check fails for the empty password, as a password-protected PDF does."""
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>",
    ]
    if encrypt:
        objects.append(
            b"<< /Filter /Standard /V 2 /R 3 /Length 128 /P -3904 /O <" + b"11" * 32 + b"> /U <" + b"22" * 32 + b"> >>"
        )
    out = io.BytesIO()
    out.write(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    trailer = b"<< /Size %d /Root 1 0 R" % (len(objects) + 1)
    if encrypt:
        trailer += b" /Encrypt 4 0 R /ID [<" + b"ab" * 16 + b"> <" + b"ab" * 16 + b">]"
    out.write(b"trailer\n" + trailer + b" >>\nstartxref\n%d\n%%%%EOF\n" % xref)
    return out.getvalue()


def upload(data: bytes, name="scan.png", visitor="v-alice") -> Document:
    return uploads.create_document(data=data, name=name, visitor_id=visitor)[0]


def blank_png(width=200, height=100, shade=255) -> bytes:
    return png_bytes(Image.new("L", (width, height), shade))


def page_in_review(*, name="scan.png", deadline_hours=48, text="Invoice 42\nTotal 10") -> Page:
    now = timezone.now()
    document = Document.objects.create(
        visitor_id="v", original_name=name, sha256=hashlib.sha256(name.encode()).hexdigest(), storage_key="k", content_type="png", size=1,
        page_count=1, status=Document.Status.NEEDS_REVIEW, sla_deadline=now + timedelta(hours=deadline_hours),
    )
    page = Page.objects.create(document=document, number=1, status=Page.Status.NEEDS_REVIEW, text=text,
                               route=Page.Route.REVIEW, route_reason="mean confidence 50.0 below threshold 80")
    Review.objects.create(page=page)
    return page


def chart_figure(response, chart_id):
    """The Plotly figure a page hands to the chart `chart_id` (its json_script)."""
    body = response.content.decode()
    return json.loads(body.split(f'id="{chart_id}" type="application/json">')[1].split("</script>")[0])


def logged_in(user) -> Client:
    """A browser with `user` logged in."""
    browser = Client()
    browser.force_login(user)
    return browser


def api_for(user):
    """An API client carrying `user`'s token."""
    from rest_framework.authtoken.models import Token
    from rest_framework.test import APIClient

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client

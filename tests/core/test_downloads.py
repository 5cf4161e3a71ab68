"""Every download's Content-Disposition (core/downloads.py): RFC 6266 `filename*` with a safe ASCII
fallback, whatever the name a person gave the file."""

import re
from urllib.parse import unquote

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from core.downloads import ascii_filename, content_disposition
from demo_idp import pipeline
from demo_idp.models import Document
from tests.demo_idp.fakes import hello_engine
from tests.demo_idp.helpers import png_bytes
from tests.factories import UserFactory, make_roadmap

HOSTILE = [
    '"><img src=x>.txt',
    'a"; filename="evil.exe',
    "line\r\nSet-Cookie: x=1.txt",
    "back\\slash.txt",
    "Rückblick – Straße.txt",
    "日本語の書類.txt",
    "…",
    "",
]
# The whole header: one disposition, one quoted ASCII fallback without quote or backslash inside, one
# percent-encoded UTF-8 name.
HEADER = re.compile(r"""^(attachment|inline); filename="([ -!#-\[\]-~]+)"; filename\*=UTF-8''([A-Za-z0-9%._~-]+)$""")


@pytest.mark.parametrize("name", HOSTILE)
def test_a_hostile_or_foreign_name_cannot_break_the_header_and_comes_back_whole(name):
    header = content_disposition(name)
    match = HEADER.match(header)
    assert match, header
    assert header.isascii() and "\r" not in header and "\n" not in header
    control_free = "".join(ch for ch in name if ch not in "\r\n") or "download"
    assert unquote(match.group(3), encoding="utf-8") == control_free


def test_the_ascii_fallback_keeps_what_it_can_of_the_name():
    assert ascii_filename("scan.txt") == "scan.txt"
    assert ascii_filename("Résumé.txt") == "Resume.txt"
    assert ascii_filename('"><img src=x>.txt') == "_img src_x_.txt"
    assert ascii_filename("日本語.txt") == "download.txt"
    assert ascii_filename("...") == "download"
    assert content_disposition("plan.ics", inline=True).startswith('inline; filename="plan.ics"; ')


@pytest.mark.django_db
def test_the_document_text_download_of_an_upload_with_a_hostile_name(client):
    scan = SimpleUploadedFile('"><img src=x>.png', png_bytes(Image.new("L", (50, 30), 255)))
    client.post("/demo/", {"files": scan})
    document = Document.objects.get()
    pipeline.process_document(document_id=document.pk, engine=hello_engine())
    response = client.get(f"/demo/documents/{document.pk}/download/text/")
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        "attachment; filename=\"_img src_x_.txt\"; filename*=UTF-8''%22%3E%3Cimg%20src%3Dx%3E.txt")


@pytest.mark.django_db
def test_the_export_of_a_learner_with_a_non_ascii_username(client, content):
    learner = UserFactory(username="zoë")
    client.force_login(learner)
    response = client.get("/roadmap/export/")
    day = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == (
        f"attachment; filename=\"archpath-zoe-{day}.json\"; filename*=UTF-8''archpath-zo%C3%AB-{day}.json")


@pytest.mark.django_db
def test_the_calendar_feed_is_named_inline(client, alice, content):
    roadmap = make_roadmap(alice, today=timezone.localdate())
    response = client.get(f"/roadmap/calendar/{roadmap.calendar_token}.ics")
    assert response["Content-Disposition"] == (
        "inline; filename=\"archpath-study-plan.ics\"; filename*=UTF-8''archpath-study-plan.ics")

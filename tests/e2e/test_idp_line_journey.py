"""A doubtful line from upload to corrected final text, in a real browser: the visitor uploads a scan
and is told a person will check one line; a reviewer corrects that line beside its image with the
keyboard; the visitor's document is done and its final text holds the correction.

The worker (a real Celery worker in this process) reads with the FakeEngine through the engine
registry: three lines, the last one read at 20% confidence."""

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.demo_idp.conftest import use_engine
from tests.demo_idp.fakes import FakeEngine
from tests.demo_idp.helpers import png_bytes
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]

WORDS = (("Invoice", (20, 20, 140, 30), 96.0, 0), ("42", (180, 20, 40, 30), 95.0, 0),
         ("Customer", (20, 80, 160, 30), 94.0, 1), ("Tomas", (200, 80, 100, 30), 93.0, 1),
         ("Tota1", (20, 140, 100, 30), 20.0, 2), ("1O", (140, 140, 40, 30), 25.0, 2))


@pytest.fixture
def rene(transactional_db):
    from accounts.roles import REVIEWER, grant_role

    user = UserFactory(username="rene")
    grant_role(user, REVIEWER)
    return user


def test_a_doubtful_line_from_upload_to_corrected_final_text(page, celery_worker, rene, monkeypatch, settings,
                                                            tmp_path):
    settings.IDP_AUDIT_SHARE = 0.0
    use_engine(monkeypatch, settings, FakeEngine(words=WORDS, rotation=0))
    scan = Image.new("L", (400, 200), 255)
    draw = ImageDraw.Draw(scan)
    for text, (left, top, _width, _height), _confidence, _line in WORDS:
        draw.text((left, top), text, fill=0)
    path = tmp_path / "invoice-7.png"
    path.write_bytes(png_bytes(scan))

    page.goto("/demo/")
    page.get_by_label("Scans").set_input_files(str(path))
    page.get_by_role("button", name="Upload").click()
    expect(page).to_have_url(re.compile(r"/demo/documents/\d+/$"))
    document_url = page.url
    expect(page.locator("[data-idp-doc-status]")).to_have_text("Needs review", timeout=60_000)
    expect(page.get_by_test_id("next-steps")).to_contain_text("A person will check 1 line by ")
    expect(page.get_by_test_id("ocr-text").locator(".idp-t-low")).to_have_text(["Tota1", "1O"])
    visitor_cookies = page.context.cookies()

    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("rene")
    page.get_by_label("Password").fill("correct-horse-battery-staple")
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    page.get_by_role("link", name="lines to check").click()
    expect(page.get_by_test_id("queue-count")).to_have_text("1 to 1 of 1 line")
    page.get_by_role("button", name="Start with the first line").click()
    expect(page.get_by_role("heading", name="invoice-7.png, page 1, line 3")).to_be_visible()
    crop = page.get_by_role("img", name="Line 3 as scanned")
    expect(crop).to_be_visible()
    assert crop.evaluate("img => img.naturalWidth") == 160 + 2 * 12  # the line's box and a margin
    page.wait_for_load_state("load")  # the shortcuts are bound by a deferred script
    text = page.get_by_label("Line text")
    expect(text).to_be_focused()
    expect(text).to_have_value("Tota1 1O")
    page.keyboard.press("Alt+p")
    expect(page.get_by_role("img", name="This line")).to_be_visible()
    text.fill("Total 10")
    page.keyboard.press("Enter")  # a plain Enter saves nothing
    expect(page.get_by_role("heading", name="invoice-7.png, page 1, line 3")).to_be_visible()
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status").first).to_have_text("Line 3 of invoice-7.png, page 1: saved.")
    expect(page.get_by_text("No line waits for a person")).to_be_visible()

    page.context.clear_cookies()
    page.context.add_cookies(visitor_cookies)
    page.goto(document_url)
    expect(page.locator("[data-idp-doc-status]")).to_have_text("Done")
    expect(page.get_by_test_id("final-text")).to_have_text("Invoice 42\nCustomer Tomas\nTotal 10")
    expect(page.get_by_test_id("next-steps")).to_have_count(0)

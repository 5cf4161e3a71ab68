"""The reviewer's tools in a real browser: one correction whichever way it is typed, Ctrl+Enter (not a
letter) accepts, the page image zooms, and a long queue with a long file name keeps its buttons on screen."""

import re

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from demo_idp.intake import storage
from demo_idp.models import Page, Review
from tests.demo_idp.helpers import page_in_review, png_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)

LONG_NAME = ("quarterly-supplier-invoice-scan_" + "ACME-Industrial-Components-GmbH_" * 4)[:146] + ".pdf"
# Four words on two lines: two of them below the low-confidence bar (60).
WORDS = [("Invoce", 40.0, [20, 20, 120, 30], 0), ("42", 95.0, [160, 20, 40, 30], 0),
         ("Total", 95.0, [20, 80, 100, 30], 1), ("1O", 30.0, [140, 80, 40, 30], 1)]


@pytest.fixture
def rene(transactional_db):
    from accounts.roles import REVIEWER, grant_role

    user = UserFactory(username="rene")
    grant_role(user, REVIEWER)
    return user


def _page_with_words(name="invoice.png") -> Page:
    page = page_in_review(name=name, text="Invoce 42\nTotal 1O")
    image = Image.new("L", (400, 140), 255)
    draw = ImageDraw.Draw(image)
    for text, _confidence, (left, top, _width, _height), _line in WORDS:
        draw.text((left, top), text, fill=0)
    page.image_key = storage.page_image_key(page.document_id, 1)
    storage.put(page.image_key, png_bytes(image))
    page.width, page.height = image.size
    page.words = [{"text": t, "confidence": c, "box": box, "line": line} for t, c, box, line in WORDS]
    page.save()
    return page


def _claim(page, log_in, target):
    log_in(page, "rene")
    page.goto(f"/demo/review/pages/{target.pk}/")
    page.get_by_role("button", name="Claim this page").click()
    page.wait_for_load_state("load")  # the shortcuts are bound by a deferred script
    page.locator("h1").click()


def test_typed_text_and_word_corrections_are_one_correction_and_ctrl_enter_accepts_it(page, rene, log_in):
    target = _page_with_words()
    _claim(page, log_in, target)
    text = page.get_by_label("Corrected text")

    # Typed first: "Total" becomes "Sum" in the box.
    text.fill("Invoce 42\nSum 1O")
    page.locator("h1").click()
    # Then the word jumps: n opens the first low-confidence word, Enter keeps the correction.
    page.keyboard.press("n")
    editor = page.get_by_label("Correct word")
    expect(editor).to_be_focused()
    expect(editor).to_have_value("Invoce")
    editor.fill("Invoice")
    page.keyboard.press("Enter")
    expect(text).to_have_value("Invoice 42\nSum 1O")  # the typed "Sum" is still there
    page.keyboard.press("n")
    expect(editor).to_have_value("1O")
    editor.fill("10")
    page.keyboard.press("Enter")
    expect(text).to_have_value("Invoice 42\nSum 10")
    expect(page.locator(".idp-word.idp-corrected")).to_have_count(3)  # Invoice, Sum (typed), 10

    # Typed again after the jumps, then a word the typing cut through is corrected in the text only.
    text.press("End")
    text.press("Control+End")
    page.keyboard.type(" EUR")
    text.press("Control+Home")
    for _ in range(3):
        text.press("Shift+ArrowRight")  # "Inv" of "Invoice" selected
    page.keyboard.type("INV")  # a change inside one word: the word follows it
    page.locator(".idp-word").first.click()
    expect(editor).to_have_value("INVoice")
    page.keyboard.press("Escape")

    # One letter accepts nothing; Ctrl+Enter accepts the one correction.
    page.locator("h1").click()
    page.keyboard.press("a")
    expect(page).to_have_url(re.compile(rf"/demo/review/pages/{target.pk}/$"))
    assert Review.objects.get().status == "claimed"
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text("Page 1 of invoice.png reviewed")
    assert Page.objects.get().final_text == "INVoice 42\nSum 10 EUR"
    page.goto(f"/demo/review/pages/{target.pk}/")
    expect(page.get_by_test_id("final-text")).to_have_text("INVoice 42\nSum 10 EUR")


def test_a_word_whose_place_was_retyped_is_not_overwritten(page, rene, log_in):
    target = _page_with_words()
    _claim(page, log_in, target)
    text = page.get_by_label("Corrected text")
    text.fill("Invoice number 42\nTotal 1O")  # "Invoce 42" retyped as a whole: the word lost its place
    page.locator(".idp-word").first.click()
    page.get_by_label("Correct word").fill("Invoyce")
    page.keyboard.press("Enter")
    expect(page.locator("[data-idp-announce]")).to_have_text("Invoce was changed in the text below: correct it there")
    expect(text).to_have_value("Invoice number 42\nTotal 1O")
    expect(text).to_be_focused()


def test_the_page_image_zooms_with_buttons_and_keys(page, rene, log_in):
    target = _page_with_words()
    _claim(page, log_in, target)
    image = page.get_by_role("img", name="Page 1, upright")
    width = image.bounding_box()["width"]
    page.get_by_role("button", name="Zoom in").click()
    expect(page.locator("[data-zoom-level]")).to_have_text("150%")
    assert image.bounding_box()["width"] == pytest.approx(width * 1.5, rel=0.02)
    page.locator("h1").click()
    page.keyboard.press("+")
    expect(page.locator("[data-zoom-level]")).to_have_text("200%")
    # The word boxes follow the image.
    box = page.locator(".idp-word").nth(1).bounding_box()
    img = image.bounding_box()
    assert (box["x"] - img["x"]) / img["width"] == pytest.approx(160 / 400, abs=0.01)
    page.keyboard.press("0")
    expect(page.locator("[data-zoom-level]")).to_have_text("100%")
    expect(page.get_by_role("button", name="Zoom out")).to_be_disabled()
    assert image.bounding_box()["width"] == pytest.approx(width, rel=0.02)


@pytest.mark.parametrize("viewport", [{"width": 390, "height": 844}, {"width": 1280, "height": 900}])
def test_a_hundred_pages_and_a_150_character_name_keep_the_claim_buttons_on_screen(page, rene, log_in, viewport):
    assert len(LONG_NAME) == 150
    page_in_review(name=LONG_NAME, deadline_hours=1)
    for number in range(99):
        page_in_review(name=f"scan-{number:03d}.png", deadline_hours=number + 2)
    page.set_viewport_size(viewport)
    log_in(page, "rene")
    page.goto("/demo/review/")
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]
    expect(page.get_by_test_id("queue-count")).to_have_text("1 to 25 of 100 pages")
    claims = page.get_by_role("button", name=re.compile("^Claim "))
    expect(claims).to_have_count(25)
    for index in (0, 24):
        box = claims.nth(index).bounding_box()
        assert 0 <= box["x"] and box["x"] + box["width"] <= viewport["width"], (index, box)
    name = page.locator(".idp-name").first
    assert name.get_attribute("title") == LONG_NAME
    # On a desktop the name is cut short with an ellipsis (the title holds it whole); on a phone the
    # queue is a list of cards and the name wraps whole, since a touch screen shows no title.
    cut_short = name.evaluate("el => el.scrollWidth > el.clientWidth")
    assert cut_short == (viewport["width"] > 600), (viewport, cut_short)
    page.get_by_role("link", name="Next").click()
    expect(page.get_by_test_id("queue-count")).to_have_text("26 to 50 of 100 pages")

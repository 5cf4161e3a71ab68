"""The line review keys in a real browser: Alt+N moves on without deciding, Escape puts back the text
as read, Alt+P shows the page around the line, Ctrl+Enter saves and opens the next line."""

import re

import pytest
from PIL import Image
from playwright.sync_api import expect

from demo_idp.intake import storage
from demo_idp.models import Line
from tests.demo_idp.helpers import page_in_review, png_bytes
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def two_lines(transactional_db):
    from accounts.roles import REVIEWER, grant_role

    grant_role(UserFactory(username="rene"), REVIEWER)
    page = page_in_review(name="receipt.png", text="Tota1 1O\nCash 2O")
    page.image_key = storage.page_image_key(page.document_id, 1)
    storage.put(page.image_key, png_bytes(Image.new("L", (300, 120), 255)))
    page.width, page.height = 300, 120
    page.save()
    return [Line.objects.create(page=page, number=n, text=text, confidence=40.0, min_confidence=20.0, word_count=2,
                                box=[30, 30 + 40 * (n - 1), 100, 20], route="review", reason="mean confidence 40",
                                status="open") for n, text in ((1, "Tota1 1O"), (2, "Cash 2O"))]


def test_the_keys_move_restore_show_the_page_and_save(page, two_lines, log_in):
    first, second = two_lines
    log_in(page, "rene")
    page.goto("/demo/review/lines/")
    page.get_by_role("button", name="Start with the first line").click()
    expect(page.get_by_role("heading", name="receipt.png, page 1, line 1")).to_be_visible()
    page.wait_for_load_state("load")  # the keys are bound by a deferred script
    text = page.get_by_label("Line text")
    expect(text).to_be_focused()

    page.keyboard.press("Alt+n")  # line 1 stays undecided, for anyone
    expect(page.get_by_role("heading", name="receipt.png, page 1, line 2")).to_be_visible()
    page.wait_for_load_state("load")
    expect(page.get_by_role("img", name="This line")).to_be_hidden()
    page.keyboard.press("Alt+p")
    expect(page.get_by_role("img", name="This line")).to_be_visible()
    text = page.get_by_label("Line text")
    text.fill("Cash 9")
    text.press("Escape")
    expect(text).to_have_value("Cash 2O")
    text.fill("Cash 20")
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("heading", name="receipt.png, page 1, line 1")).to_be_visible()  # the one left
    second.refresh_from_db()
    first.refresh_from_db()
    assert (second.status, second.final_text, first.status) == ("corrected", "Cash 20", "claimed")
    expect(page).to_have_url(re.compile(rf"/demo/review/lines/{first.pk}/$"))

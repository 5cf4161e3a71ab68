"""The document demo in a real browser: a visitor's upside-down scan, a reviewer's correction."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import PASSWORD, UserFactory

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.integration]


@pytest.fixture
def reviewer_account(transactional_db):
    from accounts.roles import REVIEWER, grant_role

    user = UserFactory(username="rene")
    grant_role(user, REVIEWER)
    return user


def test_upload_watch_progress_review_with_the_keyboard_and_read_the_correction(
    page, celery_worker, reviewer_account, settings
):
    # Every accepted page is audited, so the sample reaches the review queue whatever its confidence.
    settings.IDP_AUDIT_SHARE = 1.0
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Document demo").click()
    page.get_by_role("button", name="An upside-down form").click()

    expect(page).to_have_url(re.compile(r"/demo/documents/\d+/$"))
    document_url = page.url
    # Live progress, then the finished page once the worker is done (the script reloads by itself).
    expect(page.locator("[data-idp-doc-status]")).to_have_text("Needs review", timeout=60_000)
    expect(page.get_by_test_id("rotation")).to_have_text("180°")
    words = page.locator(".idp-page-image .idp-word")
    assert words.count() > 10
    assert re.search(r"(high|medium|low) confidence, \d+%", words.first.get_attribute("aria-label"))
    expect(page.get_by_role("img", name="Page 1, upright")).to_be_visible()
    expect(page.get_by_text("Seconds per stage")).to_be_visible()
    expect(page.get_by_test_id("route-reason")).to_have_text("picked for the 100% quality audit")
    visitor_cookies = page.context.cookies()

    # The reviewer, in the same browser: claim from the queue, correct a word with the keyboard, accept.
    page.context.clear_cookies()
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("rene")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Review queue").click()
    page.get_by_role("button", name="Claim form0-rot180.png page 1").click()
    expect(page.get_by_role("heading", name="Review form0-rot180.png, page 1")).to_be_visible()

    # The shortcuts are bound by a deferred script: pressing before it has run would be lost.
    page.wait_for_load_state("load")
    page.locator("main").click(position={"x": 5, "y": 5})
    page.keyboard.press("n")
    editor = page.get_by_label("Correct word")
    expect(editor).to_be_focused()
    page.keyboard.type("Zebra42")
    page.keyboard.press("Enter")
    expect(page.locator(".idp-word.idp-corrected")).to_have_count(1)
    expect(page.get_by_label("Corrected text")).to_have_value(re.compile("Zebra42"))
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status")).to_contain_text(re.compile(r"Page 1 of form0-rot180.png reviewed: \d+ characters changed"))
    expect(page.get_by_text("The queue is empty")).to_be_visible()

    # Back as the visitor: the document is done and shows the corrected text.
    page.context.clear_cookies()
    page.context.add_cookies(visitor_cookies)
    page.goto(document_url)
    expect(page.locator("[data-idp-doc-status]")).to_have_text("Done")
    expect(page.get_by_test_id("final-text")).to_contain_text("Zebra42")
    expect(page.get_by_text("Reviewed by rene")).to_be_visible()

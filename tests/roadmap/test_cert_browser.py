"""The certification tracker in a real browser: add one through the form, read it back on a phone.

tests/e2e keeps one Chromium open for the whole session, and Playwright's sync API allows one
per thread, so this test drives its own Chromium from a thread of its own.
"""

import re
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from tests.e2e.conftest import CHROMIUM_ARGS, chromium_path  # noqa: F401 (chromium_path is a fixture)
from tests.factories import PASSWORD

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


def in_chromium(path: str, base_url: str, steps) -> list[str]:
    """Run steps(page) in a fresh Chromium in its own thread; returns the other hosts the page asked for."""
    external = []

    def keep_on_site(route):
        if urlsplit(route.request.url).netloc == urlsplit(base_url).netloc:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    def run():
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=path, headless=True, args=CHROMIUM_ARGS)
            try:
                context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
                context.set_default_timeout(10_000)
                context.route("**/*", keep_on_site)
                steps(context.new_page())
            finally:
                browser.close()

    with ThreadPoolExecutor(max_workers=1) as pool:
        pool.submit(run).result()
    return external


def log_in(page):
    page.goto("/accounts/login/?next=/roadmap/certifications/")
    page.get_by_label("Username").fill("alice")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_a_learner_tracks_a_certification_from_the_catalog_and_sees_it_on_a_phone(live_server, chromium_path, alice):  # noqa: F811
    call_command("load_content", verbosity=0)
    assert in_chromium(chromium_path, live_server.url, track_one) == []


def track_one(page):
    log_in(page)
    expect(page.get_by_role("heading", name="No certifications yet")).to_be_visible()
    page.get_by_role("link", name="Browse the catalog").first.click()
    expect(page.get_by_text(re.compile("was retired on March 31, 2026; take AWS Certified Machine"))).to_be_visible()
    page.get_by_role("link", name="Track it AWS Certified Cloud Practitioner").click()

    expect(page.get_by_label("Certification:")).to_have_value("aws-cloud-practitioner")
    page.get_by_label("Status").select_option("passed")
    page.get_by_label("Exam date").fill("2026-05-02")
    page.get_by_label("Pass date").fill("2026-05-01")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("The pass date cannot be before the exam date.")).to_be_visible()
    expect(page.get_by_label("Pass date")).to_have_attribute("aria-invalid", "true")

    page.get_by_label("Pass date").fill("2026-05-02")
    page.get_by_label("Credential ID").fill("AWS-123")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("added to your certifications")
    card = page.get_by_role("article", name="AWS Certified Cloud Practitioner")
    expect(card).to_contain_text("May 2, 2029")
    expect(card).to_contain_text("passed")

    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

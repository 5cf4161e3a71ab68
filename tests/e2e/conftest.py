"""Playwright harness: Debian's Chromium against pytest-django's live server.

Every test in this folder is marked e2e. Every request to another host is aborted
and fails the test; a failing test leaves a screenshot in test-results/<test name>.png.
"""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest

# Playwright's sync API runs an event loop in the test thread, which makes Django
# refuse database access from it unless told that this is expected.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.e2e)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep each phase's report on the item so the page fixture knows at teardown whether the test failed.
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def chromium_path():
    path = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
    if not os.access(path, os.X_OK):
        message = f"Chromium not found at {path} (set CHROMIUM_PATH, or install it: apt-get install chromium)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return path


@pytest.fixture(scope="session")
def browser(chromium_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


def site_context(browser, base_url: str):
    """A browser context kept on the site: requests to other hosts are aborted and listed.

    Returns (context, external): the test fails at teardown when ``external`` is not empty.
    """
    site = urlsplit(base_url).netloc
    external: list[str] = []

    def keep_on_site(route):
        if urlsplit(route.request.url).netloc == site:
            route.continue_()
        else:
            external.append(route.request.url)
            route.abort()

    context = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    context.route("**/*", keep_on_site)
    return context, external


@pytest.fixture
def second_page(browser, live_server):
    """A second browser context (its own cookies), kept on the site like `page`."""
    context, external = site_context(browser, live_server.url)
    yield context.new_page()
    context.close()
    assert not external, f"the page asked other hosts for: {external}"


@pytest.fixture
def page(browser, live_server, request):
    context, external = site_context(browser, live_server.url)
    page = context.new_page()
    yield page

    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        results = request.config.rootpath / "test-results"
        results.mkdir(exist_ok=True)
        page.screenshot(path=results / f"{re.sub(r'[^\w.-]+', '_', request.node.name)}.png", full_page=True)
    context.close()
    if external:
        pytest.fail(f"the page asked other hosts for: {external}")


@pytest.fixture
def log_in():
    """log_in(page, username): log in through the login form as a user made by UserFactory."""
    from tests.factories import PASSWORD

    def log_in(page, username):
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Log in").click()

    return log_in

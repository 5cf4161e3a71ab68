"""The first journey through the site, and the shell's keyboard and phone behaviour, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "quiet-river-mountain-42"


def test_sign_up_log_out_log_in_and_open_the_api_docs(page):
    page.goto("/")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sign up").click()
    page.get_by_label("Username").fill("journey")
    page.get_by_label("E-mail").fill("journey@example.com")
    page.get_by_label(re.compile(r"^Password:?$")).fill(PASSWORD)
    page.get_by_label("Password confirmation").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("status")).to_contain_text("Welcome to ArchPath, journey.")

    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()

    page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in").click()
    page.get_by_label("Username").fill("journey")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("Signed in as journey")).to_be_visible()

    page.goto("/")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    page.get_by_role("link", name="Read the API docs").click()
    expect(page).to_have_url(re.compile(r"/api/docs/$"))
    expect(page.get_by_role("heading", name=re.compile("ArchPath API"))).to_be_visible()


def test_the_keyboard_alone_reaches_the_skip_link_and_the_main_content(page):
    page.goto("/")
    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    assert skip_link.evaluate("el => getComputedStyle(el).outlineStyle") != "none"

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    # The next Tab goes into the main content, not back through the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"


def test_on_a_phone_the_menu_opens_from_its_toggle(page):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto("/")
    toggle = page.get_by_role("button", name="Menu")
    menu_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Log in")
    expect(toggle).to_be_visible()
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()

    toggle.focus()
    page.keyboard.press("Enter")
    expect(toggle).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()

    page.keyboard.press("Escape")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    expect(toggle).to_be_focused()

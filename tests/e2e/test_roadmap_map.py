"""The roadmap map in a real browser: open a step's panel, change its status, keyboard, phone width."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests.factories import UserFactory, make_roadmap

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def learner(transactional_db, content):
    user = UserFactory(username="lena")
    make_roadmap(user, today=timezone.localdate())
    return user


def test_a_step_opens_in_the_panel_and_is_marked_done_without_reloading(page, learner, log_in):
    log_in(page, "lena")
    page.goto("/roadmap/")
    page.get_by_role("link", name="Map", exact=True).click()
    expect(page.get_by_role("heading", name="Roadmap map", level=1)).to_be_visible()
    page.evaluate("window.notReloaded = true")

    first_todo = page.locator("svg.map-wide a.map-node.look-todo").first
    node = page.locator("#" + first_todo.get_attribute("id"))  # pinned: it will not stay "to do"
    title = node.get_attribute("aria-label").removesuffix(": to do")
    expect(page.get_by_role("link", name=f"{title}: to do")).to_be_visible()
    node.click()
    panel = page.locator("#map-panel")
    expect(panel.get_by_role("heading", name=title, level=2)).to_be_focused()
    expect(panel).to_contain_text("h estimated")

    panel.get_by_role("button", name="Mark done").click()
    expect(panel.get_by_role("status")).to_contain_text(f"“{title}” saved.")
    expect(node).to_have_class(re.compile(r"\blook-done\b"))
    expect(node).to_have_attribute("aria-label", f"{title}: done")
    expect(node.locator(".node-status-text")).to_have_text("Done")
    expect(panel.get_by_role("button", name="Reopen")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(node).to_be_focused()
    page.reload()
    expect(page.locator(f"svg.map-wide a.map-node[aria-label='{title}: done']")).to_have_class(
        re.compile(r"\blook-done\b"))


def test_the_keyboard_reaches_a_step_opens_it_and_closes_it(page, learner, log_in):
    log_in(page, "lena")
    page.goto("/roadmap/map/")
    page.get_by_label("Show arrows between phases").focus()
    page.keyboard.press("Tab")
    first = page.locator("svg.map-wide a.map-node").first
    expect(first).to_be_focused()
    name = first.get_attribute("aria-label")
    page.keyboard.press("Enter")
    panel = page.locator("#map-panel")
    expect(panel.get_by_role("heading", level=2)).to_have_text(name.rsplit(":", 1)[0])
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    expect(first).to_be_focused()

    page.keyboard.press("Tab")
    second = page.locator("svg.map-wide a.map-node").nth(1)
    expect(second).to_be_focused()
    page.keyboard.press(" ")
    expect(panel.get_by_role("heading", level=2)).to_have_text(second.get_attribute("aria-label").rsplit(":", 1)[0])
    panel.get_by_role("link", name="Close step details").click()
    expect(panel).to_be_hidden()
    expect(second).to_be_focused()


def test_on_a_phone_the_map_is_one_column_without_sideways_scroll(page, learner, log_in):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, "lena")
    page.goto("/roadmap/map/")
    expect(page.locator("svg.map-narrow")).to_be_visible()
    expect(page.locator("svg.map-wide")).to_be_hidden()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    xs = page.locator("svg.map-narrow a.map-node rect").evaluate_all("rects => rects.map(r => r.getAttribute('x'))")
    assert len(set(xs)) == 1
    page.locator("svg.map-narrow a.map-node").first.click()
    expect(page.locator("#map-panel .map-step-title")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390

"""The learner's whole journey in a real browser: questionnaire, roadmap, progress, calendar."""

import re

import pytest
from playwright.sync_api import expect

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def learner(transactional_db, content):
    return UserFactory(username="lena")


def test_questionnaire_roadmap_progress_and_calendar(page, learner, log_in):
    log_in(page, "lena")
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My roadmap").click()
    expect(page.get_by_role("heading", name="Build your roadmap")).to_be_visible()

    page.get_by_label("Software developer").check()
    page.get_by_label("Machine learning architect", exact=True).check()
    page.get_by_label("Hours per week").fill("6")
    for day in ["Tuesday", "Wednesday"]:
        page.get_by_label(day).uncheck()
    page.get_by_label("Saturday").check()
    page.get_by_role("button", name="Build my roadmap").click()

    expect(page.get_by_role("heading", name="My roadmap", level=1)).to_be_visible()
    expect(page.get_by_test_id("projected-finish")).to_have_text("log time to see")
    planned = page.get_by_test_id("planned-finish").inner_text()
    assert re.match(r"\d{1,2} \w{3} 20\d\d", planned)
    # The background's skip is shown with its reason and can be taken back.
    expect(page.locator(".skip-reason").first).to_contain_text("Software developers bring")

    first_todo = page.locator("li.step.status-todo").first
    title = first_todo.locator(".step-title").inner_text()
    first_todo.get_by_role("button", name=f"Mark done {title}").click()
    expect(page.get_by_role("status")).to_contain_text(f"“{title}” saved.")
    expect(page.locator("li.step.status-done .step-title", has_text=title)).to_be_visible()

    page.get_by_label("Minutes").fill("600")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_role("status")).to_contain_text("Logged 600 minutes")
    expect(page.get_by_test_id("projected-finish")).to_have_text(re.compile(r"\d{1,2} \w{3} 20\d\d"))
    expect(page.get_by_test_id("streak")).to_have_text("1")

    calendar_url = page.get_by_label("Calendar address").input_value()
    assert re.search(r"/roadmap/calendar/[\w-]+\.ics$", calendar_url)
    feed = page.request.get(calendar_url)
    assert feed.ok and feed.headers["content-type"].startswith("text/calendar")
    assert "BEGIN:VEVENT" in feed.text() and "Study:" in feed.text()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download .ics").click()
    assert download.value.suggested_filename.endswith(".ics")

    # Every chart is drawn by the locally served Plotly bundle, with its text summary beside it.
    expect(page.locator(".chart-canvas .main-svg").first).to_be_visible()
    assert page.locator(".chart-summary").count() == 4

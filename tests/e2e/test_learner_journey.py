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

    # Marking a step and logging time change the page in place: the marker set here survives (no reload).
    # (Before the deferred scripts have run the same buttons still work, by reloading the page.)
    page.wait_for_load_state("load")
    page.evaluate("window.__stillHere = true")
    page.locator("#roadmap-stats").evaluate("stats => stats.dataset.old = 'yes'")
    first_todo = page.locator("li.step.status-todo").first
    row_id = first_todo.get_attribute("id")
    title = first_todo.locator(".step-title").inner_text()
    first_todo.get_by_role("button", name=f"Mark done {title}").click()
    row = page.locator(f"#{row_id}")
    expect(row.get_by_role("status")).to_contain_text(f"“{title}” saved.")
    expect(row).to_have_class(re.compile(r"status-done"))
    expect(row.locator(".step-actions button").first).to_be_focused()  # focus stays where the change was made
    expect(page.locator("#roadmap-stats[data-old]")).to_have_count(0)  # the figures were swapped too
    expect(page.locator("#roadmap-stats")).to_be_visible()

    page.get_by_label("Minutes").fill("600")
    page.get_by_role("button", name="Log it").click()
    expect(page.locator("#quicklog").get_by_role("status")).to_contain_text("Logged 600 minutes")
    # The charts follow the figures (they said "0 of ... hours logged" until a reload), drawn again.
    expect(page.locator("#progress-charts .chart-summary").first).to_contain_text(re.compile(r"^10 of \d+ hours logged"))
    expect(page.locator("#progress-charts .chart-canvas.js-plotly-plot")).to_have_count(4)
    expect(page.get_by_test_id("projected-finish")).to_have_text(re.compile(r"\d{1,2} \w{3} 20\d\d"))
    expect(page.get_by_test_id("streak")).to_have_text("1 night")
    assert page.evaluate("window.__stillHere") is True
    assert page.evaluate("performance.getEntriesByType('navigation').length") == 1

    # A refused change says why in the row, still without a reload.
    page.get_by_label("Minutes").fill("0")
    page.get_by_label("Minutes").evaluate("input => input.removeAttribute('min')")
    page.get_by_role("button", name="Log it").click()
    expect(page.locator("#quicklog .errorlist, #quicklog [role=alert]").first).to_contain_text("greater than or equal to 1")
    assert page.evaluate("window.__stillHere") is True

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


def test_the_study_log_edits_and_deletes_in_place(page, learner, log_in):
    from django.utils import timezone

    from roadmap.models import StudySession
    from tests.factories import make_roadmap

    roadmap = make_roadmap(learner, today=timezone.localdate())
    session = StudySession.objects.create(roadmap=roadmap, date=timezone.localdate(), minutes=40, note="Lab 1")
    log_in(page, "lena")
    page.goto("/roadmap/log/")
    page.evaluate("window.__stillHere = true")
    row = page.locator(f"#session-{session.pk}")
    row.get_by_role("link", name="Edit").click()
    expect(row.get_by_label("Date")).to_be_focused()
    row.get_by_label("Minutes").fill("55")
    row.get_by_role("button", name="Save").click()
    expect(row.get_by_role("status")).to_contain_text("saved")
    expect(row).to_contain_text("55")
    page.once("dialog", lambda dialog: dialog.accept())
    row.get_by_role("link", name="Delete").click()
    expect(row).to_have_count(0)
    expect(page.locator("#log-status")).to_contain_text("deleted")
    assert page.evaluate("window.__stillHere") is True
    assert not StudySession.objects.exists()

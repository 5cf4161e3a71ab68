"""The demo learner's lived-in roadmap in a real browser: the figures of four months, the map, a skip
with a reason of their own, a corrected session; and a new learner's projection after the first evening."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo_data.seed import seed_demo
from roadmap.models import LearnerRoadmap, RoadmapStep
from tests.factories import PASSWORD, UserFactory, make_roadmap

pytestmark = pytest.mark.django_db(transaction=True)
DATE = re.compile(r"^\d{1,2} [A-Z][a-z]{2} \d{4}$")  # the site's one date format: 13 Aug 2026


@pytest.fixture
def demo(transactional_db, content):
    seed_demo(password=PASSWORD, with_scans=False)


def test_the_demo_learner_walks_roadmap_map_skip_and_a_corrected_session(page, demo, log_in):
    log_in(page, "learner")
    page.goto("/roadmap/")
    # Four months of history: real figures, each one a person would believe.
    done = int(page.get_by_test_id("percent-done").inner_text().rstrip("%"))
    assert 5 <= done <= 40
    expect(page.get_by_test_id("projected-finish")).to_have_text(DATE)
    expect(page.get_by_test_id("ahead")).to_have_text(re.compile(r"^(on time|\d+ days? (early|late))$"))
    pace = float(page.get_by_test_id("pace").inner_text().split(" h")[0])
    assert 3 <= pace <= 9  # a 6 h/week plan, kept up with a few missed weeks
    expect(page.get_by_test_id("plan-so-far")).to_have_text(re.compile(r"h logged; the plan asked [\d.]+ h so far"))

    # The map: a step opens in the side panel.
    page.get_by_role("link", name="Map", exact=True).click()
    expect(page).to_have_url(re.compile(r"/roadmap/map/$"))
    node = page.locator("a.map-node.status-todo:visible").first
    title = node.get_attribute("aria-label").rsplit(":", 1)[0]
    node.click()
    panel = page.locator("#map-panel")
    expect(panel).to_be_visible()
    expect(panel).to_contain_text(title)
    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()

    # Skip a step with a reason of one's own: the row says so, in place.
    page.goto("/roadmap/")
    row = RoadmapStep.objects.filter(roadmap__user__username="learner", status="todo").order_by("position").last()
    page.locator("details.phase").evaluate_all("phases => phases.forEach(p => p.open = true)")
    item = page.locator(f"#step-{row.pk}")
    item.locator("details.skip-step summary").click()
    item.get_by_label("Why skip it? (optional)").fill("I build these pipelines at work every week")
    item.get_by_role("button", name=re.compile("^Skip")).click()
    item = page.locator(f"#step-{row.pk}")
    expect(item).to_contain_text("Skipped by you on")
    expect(item).to_contain_text("I build these pipelines at work every week")
    row.refresh_from_db()
    assert row.status == "skipped"

    # Correct a session in the study log: the row changes in place.
    page.goto("/roadmap/log/")
    first = page.locator("tbody tr").first
    first.get_by_role("link", name=re.compile("^Edit")).click()
    form = page.locator("form.session-edit-form")
    form.get_by_label("Minutes").fill("75")
    form.get_by_role("button", name="Save").click()
    expect(page.locator("tbody tr").first.locator("td[data-label=Minutes]")).to_have_text("75")


def test_a_new_learner_sees_a_projection_after_the_first_evening(page, content, log_in):
    today = timezone.localdate()
    learner = UserFactory(username="nina")
    make_roadmap(learner, today=today)
    log_in(page, "nina")
    page.goto("/roadmap/")
    expect(page.get_by_test_id("projected-finish")).to_have_text("log time to see")
    quick = page.locator("#quicklog")
    quick.get_by_label("Minutes").fill("120")
    quick.get_by_role("button", name="Log it").click()
    expect(page.get_by_test_id("projected-finish")).to_have_text(DATE)
    expect(page.get_by_test_id("pace")).to_have_text("2 h/week")
    # The plan spans years of evenings: the first evening projects years ahead too, never next week.
    assert LearnerRoadmap.objects.get(user=learner).planned_finish > today + timedelta(days=365)

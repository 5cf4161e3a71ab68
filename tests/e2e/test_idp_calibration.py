"""Calibration in a real browser: an administrator reads the line recommendation and applies it with one click."""

import pytest
from playwright.sync_api import expect

from demo_idp.models import ThresholdChange
from tests.demo_idp.event_scenes import lines_read, lines_reviewed, reviewed, routed
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def reviewed_history():
    """Lines: 40 confident ones measured by the audit at 1% error (20 reviewed), 20 at 62 all reviewed at
    3%, 20 at 40 at 30%; and pages: 20 confident, audited at 1%, and 20 doubtful at 30%."""
    for confidence, error, count, sampled, audit in ((90.0, 0.01, 40, 20, True), (62.0, 0.03, 20, 20, False),
                                                     (40.0, 0.30, 20, 20, False)):
        lines_read(confidence, count)
        lines_reviewed(confidence, error, sampled, audit=audit)
    for confidence, error, audit in ((90.0, 0.01, True), (50.0, 0.30, False)):
        routed(confidence, 20)
        reviewed(confidence, error, 20, audit=audit)


def test_an_administrator_applies_the_recommended_line_threshold(page, settings):
    settings.IDP_MIN_LINE_CONFIDENCE = 70.0
    reviewed_history()
    UserFactory(username="ada", is_superuser=True, is_staff=True)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/demo/calibration/?target=5", timeout=30_000)
    for chart in ("chart-reliability-lines", "chart-candidates-lines", "chart-reliability", "chart-candidates"):
        expect(page.locator(f"[data-plotly={chart}] .main-svg").first).to_be_visible()
    expect(page.get_by_test_id("current-line-threshold")).to_have_text("70")
    expect(page.get_by_test_id("recommended-threshold")).to_have_text("Threshold 60")
    expect(page.get_by_test_id("what-applying-does")).to_contain_text("accepted as read at 60 or above")
    page.get_by_role("button", name="Apply: change the line threshold from 70 to 60").click()

    expect(page.get_by_text("Line threshold changed from 70 to 60")).to_be_visible()
    expect(page.get_by_test_id("current-line-threshold")).to_have_text("60")
    expect(page.get_by_test_id("current-threshold")).to_have_text("60")
    change = ThresholdChange.objects.get()
    assert (change.previous, change.threshold, change.applied_by.username) == (70, 60, "ada")

"""Calibration in a real browser: an administrator reads the recommendation and applies it with one click."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo_idp.monitoring import events
from demo_idp.models import StageEvent, ThresholdChange
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def reviewed_history():
    """40 routed pages: 20 confident ones measured by the audit at 1% error, 20 doubtful ones at 30%."""
    now, rows = timezone.now(), []
    for n in range(40):
        confident = n % 2 == 0
        confidence, error = (90.0, 0.01) if confident else (50.0, 0.30)
        at = now - timedelta(minutes=n + 1)
        common = {"started": at, "finished": at, "duration": 2.0, "file_type": "png", "confidence": confidence}
        rows.append(StageEvent(stage=events.PAGE, label="review", **common))
        rows.append(StageEvent(stage=events.REVIEW, error=error, label=events.AUDIT if confident else events.RULES,
                               **common))
    StageEvent.objects.bulk_create(rows)


def test_an_administrator_applies_the_recommended_threshold(page):
    reviewed_history()
    UserFactory(username="ada", is_superuser=True, is_staff=True)
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("ada")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()

    page.goto("/demo/calibration/?target=5", timeout=30_000)
    expect(page.locator("[data-plotly=chart-reliability] .main-svg").first).to_be_visible()
    expect(page.get_by_test_id("current-threshold")).to_have_text("80")
    recommended = page.get_by_test_id("recommended-threshold").inner_text().removeprefix("Threshold ").strip()
    assert recommended != "80"
    page.get_by_role("button", name=f"Apply: change the threshold from 80 to {recommended}").click()

    expect(page.get_by_text(f"Threshold changed from 80 to {recommended}")).to_be_visible()
    expect(page.get_by_test_id("current-threshold")).to_have_text(recommended)
    change = ThresholdChange.objects.get()
    assert (change.previous, f"{change.threshold:g}", change.applied_by.username) == (80, recommended, "ada")

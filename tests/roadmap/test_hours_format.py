"""A weekly target reads as the learner gave it: 6, 5.5, 5.25 hours (it read "target 5.50 h")."""

from decimal import Decimal

import pytest
from django.utils import timezone

from roadmap.templatetags.hours import hours
from tests.factories import make_roadmap


@pytest.mark.parametrize(("value", "shown"), [
    (Decimal("6.00"), "6"), (Decimal("5.50"), "5.5"), (Decimal("5.25"), "5.25"), (5.5, "5.5"), (None, ""),
])
def test_hours_have_no_trailing_zero_and_keep_a_quarter(value, shown):
    assert hours(value) == shown


def test_the_roadmap_page_shows_a_five_and_a_half_hour_target_as_five_and_a_half(alice_client, alice, content):
    make_roadmap(alice, today=timezone.localdate(), hours_per_week=Decimal("5.5"))
    html = alice_client.get("/roadmap/").content.decode()
    assert "target 5.5 h" in html and "5.50" not in html

"""The projected finish against the planned one, in the unit a person would use (it read "1018 days late")."""

import pytest

from roadmap.templatetags.schedule import against_plan


@pytest.mark.parametrize(("ahead_days", "shown"), [
    (None, "—"), (0, "on time"), (1, "1 day early"), (-1, "1 day late"), (24, "24 days early"), (-59, "59 days late"),
    (-60, "about 9 weeks late"), (90, "about 13 weeks early"), (-200, "about 7 months late"),
    (700, "about 23 months early"), (-1018, "about 2.8 years late"), (731, "about 2 years early"),
])
def test_days_up_to_two_months_then_weeks_months_and_years(ahead_days, shown):
    assert against_plan(ahead_days) == shown


def test_the_roadmap_page_of_a_learner_far_behind_shows_years_not_a_thousand_days(alice_client, alice, content):
    from datetime import timedelta

    from django.utils import timezone

    from tests.roadmap.study_helpers import log, plan_from

    today = timezone.localdate()
    roadmap = plan_from(alice, today - timedelta(days=27))
    log(roadmap, *[(today - timedelta(days=days_ago), 120) for days_ago in (27, 20, 13, 6)])  # 2 h a week of 6
    html = alice_client.get("/roadmap/").content.decode()
    assert "years late" in html and "days late" not in html

"""The result page's history chart counts whole attempts on a category axis, never milliseconds."""

from datetime import datetime, timezone

import pytest

from assessments.charts import attempt_labels, attempts_chart
from assessments.models import Attempt

pytestmark = pytest.mark.django_db


def attempt(day, hour, score):
    return Attempt(submitted=datetime(2026, 8, day, hour, tzinfo=timezone.utc), score=score,
                   skill_scores={"metrics": {"name": "Metrics", "score": score, "questions": 2}})


def test_the_x_axis_is_a_category_of_numbered_attempts_in_order():
    chart = attempts_chart([attempt(14, 9, 0.8), attempt(13, 9, 0.4), attempt(13, 18, 0.6)])
    xaxis = chart.figure["layout"]["xaxis"]
    assert xaxis["type"] == "category"
    labels = chart.figure["data"][0]["x"]
    assert labels == xaxis["categoryarray"] == ["#1 · 13 Aug 2026", "#2 · 13 Aug 2026", "#3 · 14 Aug 2026"]
    assert chart.figure["data"][0]["y"] == [40.0, 60.0, 80.0]


def test_two_attempts_on_one_day_keep_their_own_point():
    labels = attempt_labels([attempt(13, 9, 0.4), attempt(13, 10, 0.5)])
    assert len(set(labels)) == 2


def test_every_skill_line_uses_the_same_labels():
    chart = attempts_chart([attempt(13, 9, 0.4), attempt(14, 9, 0.5)])
    assert chart.figure["data"][1]["x"] == chart.figure["data"][0]["x"]
    assert not any("T" in str(x) and ":" in str(x) for trace in chart.figure["data"] for x in trace["x"])


def test_the_summary_counts_one_attempt_as_one_not_as_1_attempts():
    assert attempts_chart([attempt(13, 9, 0.8)]).summary == "Your one attempt so far: 80% (13 Aug 2026)."
    two = attempts_chart([attempt(13, 9, 0.4), attempt(14, 9, 0.5)]).summary
    assert two == "Scores across 2 attempts, oldest first: 40% (13 Aug 2026), 50% (14 Aug 2026)."

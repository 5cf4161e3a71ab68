"""Every page that draws charts, with the history that makes each draw all of its charts.

Shared by tests/core/test_plotly_bundle.py (the trace types the pages draw) and bench/page_weight.py
(the bytes the pages send).
"""

from datetime import timedelta

from django.utils import timezone

from assessments.services import submit_attempt
from tests.assessments.helpers import responses, start
from tests.demo_idp.event_scenes import calibrated_history, pipeline_history
from tests.roadmap.study_helpers import log_the_plan, plan_from


def chart_pages(*, learner, reviewer) -> dict[str, tuple[object, str]]:
    """{page name: (who looks, URL)}: ``learner`` two months into a plan with a quiz taken, a visitor
    on the document demo's pages after its pipeline ran and ``reviewer`` reviewed (``None``: no login)."""
    plan = plan_from(learner, timezone.localdate() - timedelta(days=60))
    log_the_plan(plan, until=timezone.localdate())
    attempt = start(learner)
    submit_attempt(attempt=attempt, responses=responses(attempt))
    pipeline_history(reviewer=reviewer)
    calibrated_history()
    return {
        "roadmap": (learner, "/roadmap/"),
        "assessment result": (learner, f"/assessments/attempts/{attempt.pk}/result/"),
        "gap analysis": (learner, "/assessments/gap-analysis/"),
        "pipeline dashboard": (None, "/demo/dashboard/"),
        "calibration": (None, "/demo/calibration/?target=3"),
        "capacity planner": (None, "/demo/capacity/"),
    }

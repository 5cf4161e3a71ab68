"""What the apps above roadmap add to a learner's calendar, schedule and dashboard.

roadmap is below certifications (which reads the catalog, the steps and FeedExam), yet
the calendar feed shows booked exam dates and the dashboard shows coming expiries.
Importing certifications here would close a circle, so the app above registers a
provider in its AppConfig.ready() and roadmap asks whatever is registered: with no
provider the calendar simply has no exams and the dashboard no extra panel.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from .calendar_feed import FeedExam

# (user) -> the exam dates to show in the calendar feed and on the dashboard.
ExamProvider = Callable[..., list[FeedExam]]
# (request, today) -> an HTML fragment for the dashboard, or "" when there is nothing to say.
PanelProvider = Callable[..., str]

_exam_providers: list[ExamProvider] = []
_panel_providers: list[PanelProvider] = []


def register_exams(provider: ExamProvider) -> None:
    if provider not in _exam_providers:
        _exam_providers.append(provider)


def register_panel(provider: PanelProvider) -> None:
    if provider not in _panel_providers:
        _panel_providers.append(provider)


def exams(*, user) -> list[FeedExam]:
    """Every registered provider's exam dates for the learner, soonest first."""
    found = [exam for provider in _exam_providers for exam in provider(user=user)]
    return sorted(found, key=lambda exam: exam.day)


def panels(*, request, today: date) -> list[str]:
    """The dashboard panels of the registered providers that have something to show."""
    return [html for provider in _panel_providers if (html := provider(request=request, today=today))]

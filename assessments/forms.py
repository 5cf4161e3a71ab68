"""Read an attempt's answers from the one-page form, and the self-assessment matrix.

Form field names: ``q-<question id>`` for single, true/false and multiple choice (radio
buttons or checkboxes, value = choice id); ``q-<question id>-<choice id>`` for ordering
questions (a numbered select per item: its place, 1 to n).
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from .models import Answer, Question
from .services import AttemptError, Response


def responses_from_post(post, answers: list[Answer]) -> list[Response]:
    """The answers in a submitted attempt form; AttemptError on anything a form could not send."""
    known = {str(a.question_id) for a in answers}
    if any(name.startswith("q-") and name.split("-")[1] not in known for name in post):
        raise AttemptError(_("The form holds an answer to a question outside this attempt."))
    return [Response(a.question_id, _choices(post, a)) for a in answers]


def _choices(post, answer: Answer) -> list[int]:
    if answer.question.type == Question.Type.ORDERING:
        return _order(post, answer)
    return [_number(value) for value in post.getlist(f"q-{answer.question_id}")]


def _order(post, answer: Answer) -> list[int]:
    places = {choice: post.get(f"q-{answer.question_id}-{choice}", "") for choice in answer.shown_order}
    if not any(places.values()):
        return []  # left unanswered
    numbers = {choice: _number(place) for choice, place in places.items() if place}
    if sorted(numbers.values()) != list(range(1, len(answer.shown_order) + 1)):
        raise AttemptError(_("Give every item of an ordering question its own place, from 1 to %(n)d.")
                           % {"n": len(answer.shown_order)})
    return sorted(numbers, key=numbers.get)


def _number(value: str) -> int:
    try:
        return int(value)
    except (TypeError, ValueError):
        raise AttemptError(_("The form sent something that is not a choice.")) from None


def ratings_from_post(post, skills) -> dict:
    """Skill -> level 1-5, or None for "not rated"; AttemptError on any other value."""
    levels = {}
    for skill in skills:
        value = post.get(f"skill-{skill.slug}", "")
        if value not in ("", "1", "2", "3", "4", "5"):
            raise AttemptError(_("A level is a number from 1 to 5."))
        levels[skill] = int(value) if value else None
    return levels

"""Shared set-up for the assessment tests: the real content, and answers right or wrong."""

import random

from assessments.models import Assessment, Attempt
from assessments.services import Response, answer_key, start_attempt


def start(user, slug="metrics-and-evaluation", seed=1, **kwargs) -> Attempt:
    return start_attempt(user=user, assessment=Assessment.objects.get(slug=slug), rng=random.Random(seed), **kwargs)


def right_answer(answer) -> list[int]:
    key = answer_key(answer.question, answer.shown_order)
    return list(key.choices) if key.type == "ordering" else sorted(key.correct)


def wrong_answer(answer) -> list[int]:
    key = answer_key(answer.question, answer.shown_order)
    if key.type == "ordering":
        return list(reversed(key.choices))
    return [next(c for c in key.choices if c not in key.correct)]


def responses(attempt: Attempt, *, right=True) -> list[Response]:
    pick = right_answer if right else wrong_answer
    return [Response(a.question_id, pick(a)) for a in attempt.answers.select_related("question")]


def form_data(attempt: Attempt, *, right=True) -> dict:
    """The attempt form's POST data answering every question right (or wrong)."""
    pick = right_answer if right else wrong_answer
    data = {}
    for answer in attempt.answers.select_related("question"):
        chosen = pick(answer)
        if answer.question.type == "ordering":
            data |= {f"q-{answer.question_id}-{c}": str(n) for n, c in enumerate(chosen, 1)}
        else:
            data[f"q-{answer.question_id}"] = [str(c) for c in chosen]
    return data

"""Score answers: plain Python on plain data, no models.

Each question scores between 0 and 1:

- single choice and true/false: 1 for the correct choice, else 0;
- multiple choice, all or nothing: 1 when exactly the correct choices are chosen, else 0;
- multiple choice, partial credit: the share of correct choices chosen less the share of wrong
  choices chosen, never below 0 (choosing everything earns nothing);
- ordering, all or nothing: 1 for the exact order, else 0;
- ordering, partial credit: the share of pairs of choices put in the right relative order.

An unanswered question scores 0. An attempt scores the mean of its questions, and a skill the
mean of the questions that train it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import combinations

SINGLE, MULTIPLE, TRUE_FALSE, ORDERING = "single", "multiple", "true_false", "ordering"
PARTIAL = "partial"


@dataclass(frozen=True)
class AnswerKey:
    """What scoring needs to know about one question."""

    type: str
    choices: tuple[int, ...]  # every choice id; for an ordering question, in the right order
    correct: frozenset[int] = frozenset()
    scoring: str = "all_or_nothing"


def answer_problem(key: AnswerKey, selected: Sequence[int]) -> str:
    """Why ``selected`` is not a possible answer to the question ("" when it is one)."""
    if any(choice not in key.choices for choice in selected):
        return "a choice that is not one of the question's"
    if len(set(selected)) != len(selected):
        return "the same choice twice"
    if key.type in (SINGLE, TRUE_FALSE) and len(selected) > 1:
        return "more than one choice for a single-answer question"
    if key.type == ORDERING and selected and len(selected) != len(key.choices):
        return "an ordering answer must list every choice once"
    return ""


def credit(key: AnswerKey, selected: Sequence[int]) -> float:
    """The question's score, 0 to 1, for an answer ``answer_problem`` accepts."""
    if not selected:
        return 0.0
    if key.type == ORDERING:
        return _ordering_credit(key, list(selected))
    chosen = set(selected)
    if key.type == MULTIPLE and key.scoring == PARTIAL:
        wrong = set(key.choices) - key.correct
        right_share = len(chosen & key.correct) / len(key.correct)
        wrong_share = len(chosen & wrong) / len(wrong) if wrong else 0.0
        return max(0.0, right_share - wrong_share)
    return 1.0 if chosen == key.correct else 0.0


def _ordering_credit(key: AnswerKey, selected: list[int]) -> float:
    if selected == list(key.choices):
        return 1.0
    if key.scoring != PARTIAL:
        return 0.0
    rank = {choice: n for n, choice in enumerate(selected)}
    pairs = list(combinations(key.choices, 2))  # (earlier, later) in the right order
    return sum(rank[a] < rank[b] for a, b in pairs) / len(pairs)


def mean(values: Iterable[float]) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def skill_scores(scored: Iterable[tuple[Iterable[str], float]]) -> dict[str, tuple[float, int]]:
    """Per skill: (mean credit, number of questions), from (skills, credit) pairs."""
    credits: dict[str, list[float]] = defaultdict(list)
    for skills, value in scored:
        for skill in skills:
            credits[skill].append(value)
    return {skill: (sum(values) / len(values), len(values)) for skill, values in credits.items()}

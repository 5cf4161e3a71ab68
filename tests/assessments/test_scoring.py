"""Scoring, with hand-made cases: every type, partial credit, all or nothing, ordering."""

import pytest

from assessments.scoring import AnswerKey, answer_problem, credit, mean, skill_scores

SINGLE = AnswerKey("single", (1, 2, 3, 4), frozenset({3}))
TRUE_FALSE = AnswerKey("true_false", (10, 11), frozenset({11}))
# Two right (1, 2) and three wrong (3, 4, 5) choices.
MULTIPLE_ALL = AnswerKey("multiple", (1, 2, 3, 4, 5), frozenset({1, 2}))
MULTIPLE_PARTIAL = AnswerKey("multiple", (1, 2, 3, 4, 5), frozenset({1, 2}), "partial")
ORDER_ALL = AnswerKey("ordering", (5, 4, 3, 2, 1))
ORDER_PARTIAL = AnswerKey("ordering", (5, 4, 3, 2, 1), scoring="partial")


@pytest.mark.parametrize("key, selected, expected", [
    (SINGLE, [3], 1.0),
    (SINGLE, [2], 0.0),
    (SINGLE, [], 0.0),
    (TRUE_FALSE, [11], 1.0),
    (TRUE_FALSE, [10], 0.0),
    (MULTIPLE_ALL, [1, 2], 1.0),
    (MULTIPLE_ALL, [2, 1], 1.0),
    (MULTIPLE_ALL, [1], 0.0),
    (MULTIPLE_ALL, [1, 2, 3], 0.0),
    (MULTIPLE_PARTIAL, [1, 2], 1.0),
    (MULTIPLE_PARTIAL, [1], 0.5),
    (MULTIPLE_PARTIAL, [1, 2, 3], pytest.approx(2 / 3)),
    (MULTIPLE_PARTIAL, [1, 3], pytest.approx(1 / 6)),
    (MULTIPLE_PARTIAL, [1, 3, 4, 5], 0.0),  # choosing everything earns nothing
    (MULTIPLE_PARTIAL, [3], 0.0),  # never below zero
    (ORDER_ALL, [5, 4, 3, 2, 1], 1.0),
    (ORDER_ALL, [4, 5, 3, 2, 1], 0.0),
    (ORDER_PARTIAL, [5, 4, 3, 2, 1], 1.0),
    (ORDER_PARTIAL, [4, 5, 3, 2, 1], 0.9),  # one of ten pairs swapped
    (ORDER_PARTIAL, [1, 2, 3, 4, 5], 0.0),  # reversed: every pair wrong
    (ORDER_PARTIAL, [5, 3, 4, 1, 2], 0.8),
    (ORDER_PARTIAL, [], 0.0),
])
def test_each_question_type_earns_the_hand_computed_credit(key, selected, expected):
    assert credit(key, selected) == expected


@pytest.mark.parametrize("key, selected, problem", [
    (SINGLE, [9], "not one of the question's"),
    (SINGLE, [1, 3], "more than one choice"),
    (TRUE_FALSE, [10, 11], "more than one choice"),
    (MULTIPLE_ALL, [1, 1], "the same choice twice"),
    (ORDER_ALL, [5, 4, 3], "every choice once"),
    (ORDER_ALL, [5, 4, 3, 2, 2], "the same choice twice"),
])
def test_impossible_answers_are_named(key, selected, problem):
    assert problem in answer_problem(key, selected)


def test_possible_answers_have_no_problem():
    assert answer_problem(MULTIPLE_ALL, [1, 2, 3]) == answer_problem(ORDER_ALL, []) == answer_problem(SINGLE, []) == ""


def test_skills_score_the_mean_of_their_questions():
    scores = skill_scores([(["metrics"], 1.0), (["metrics", "stats"], 0.5), (["stats"], 0.0)])
    assert scores == {"metrics": (0.75, 2), "stats": (0.25, 2)}


def test_the_mean_of_nothing_is_none():
    assert mean([]) is None
    assert mean([1.0, 0.0, 0.5]) == 0.5

"""Gap analysis math, with hand-made cases: levels, sources of evidence, ranking and ties."""

from datetime import date

import pytest

from assessments.gap import Evidence, Requirement, evidence_cap, gap_rows, weakest

DAY = date(2026, 3, 1)


@pytest.mark.parametrize("score, level", [
    (0.0, 1), (0.1, 1), (0.3, 2), (0.5, 3), (0.6, 3), (0.7, 4), (0.8, 4), (0.9, 5), (1.0, 5),
])
def test_the_demonstrated_level_is_the_score_times_five_rounded_half_up(score, level):
    assert Evidence(score, 5, DAY).level == level


@pytest.mark.parametrize("score, questions, mastered", [
    (0.8, 5, True), (1.0, 4, False), (0.79, 10, False), (0.9, 12, True),
])
def test_mastery_needs_eighty_percent_over_at_least_five_questions(score, questions, mastered):
    assert Evidence(score, questions, DAY).mastered is mastered


@pytest.mark.parametrize("questions, cap", [(0, 3), (1, 3), (2, 3), (3, 4), (4, 4), (5, 5), (40, 5)])
def test_few_questions_can_only_show_so_high_a_level(questions, cap):
    assert evidence_cap(questions) == cap


@pytest.mark.parametrize("score, questions, level", [
    (1.0, 1, 3), (1.0, 2, 3), (1.0, 3, 4), (1.0, 4, 4), (1.0, 5, 5), (0.3, 1, 2), (0.9, 3, 4),
])
def test_a_perfect_score_from_one_question_is_not_five_of_five(score, questions, level):
    assert Evidence(score, questions, DAY).level == level


def test_the_cap_reaches_the_gap_rows_the_page_the_api_and_the_mentor_read():
    [row] = gap_rows(reqs(5), {"s0": Evidence(1.0, 1, DAY)}, {})
    assert (row.demonstrated, row.level, row.gap, row.questions) == (3, 3, 2, 1)


def reqs(*levels):
    return [Requirement(f"s{n}", f"Skill {n}", level) for n, level in enumerate(levels)]


def test_quizzes_with_enough_questions_outweigh_the_self_rating():
    [row] = gap_rows(reqs(4), {"s0": Evidence(0.4, 6, DAY)}, {"s0": 5})
    assert (row.demonstrated, row.self_rated, row.level, row.gap) == (2, 5, 2, 2)


def test_the_self_rating_counts_while_quizzes_say_too_little():
    [row] = gap_rows(reqs(4), {"s0": Evidence(1.0, 2, DAY)}, {"s0": 2})
    assert (row.demonstrated, row.level, row.gap) == (3, 2, 2)


def test_a_few_questions_count_when_there_is_no_self_rating():
    [row] = gap_rows(reqs(4), {"s0": Evidence(0.6, 2, DAY)}, {})
    assert (row.level, row.gap) == (3, 1)


def test_no_evidence_means_the_whole_requirement_is_the_gap():
    [row] = gap_rows(reqs(3), {}, {})
    assert (row.demonstrated, row.self_rated, row.level, row.gap, row.questions) == (None, None, 0, 3, 0)


def test_a_level_above_the_requirement_is_no_gap_not_a_negative_one():
    [row] = gap_rows(reqs(2), {}, {"s0": 5})
    assert row.gap == 0


def test_rows_rank_by_gap_then_required_level_then_the_roles_order():
    rows = gap_rows(reqs(3, 4, 5, 4, 2), {}, {"s0": 1, "s1": 2, "s2": 3, "s3": 2, "s4": 2})
    # gaps: s0 2, s1 2, s2 2, s3 2, s4 0; ties on gap go to the higher requirement, then the role's order
    assert [r.skill for r in rows] == ["s2", "s1", "s3", "s0", "s4"]


def test_the_weakest_skills_are_the_first_three_with_a_gap():
    rows = gap_rows(reqs(3, 3, 3, 3), {}, {"s0": 3, "s1": 1, "s2": 2, "s3": 1})
    assert weakest(rows) == ["s1", "s3", "s2"]
    assert weakest(gap_rows(reqs(1), {}, {"s0": 5})) == []


def test_a_row_says_when_its_gap_is_measured_from_the_self_rating():
    few, many = gap_rows(reqs(4, 4), {"s0": Evidence(1.0, 3, DAY), "s1": Evidence(1.0, 6, DAY)}, {"s0": 2, "s1": 2})
    assert (few.demonstrated, few.gap, few.from_self_rating) == (4, 2, True)
    assert (many.demonstrated, many.gap, many.from_self_rating) == (5, 0, False)
    [unrated] = gap_rows(reqs(4), {"s0": Evidence(1.0, 3, DAY)}, {})
    assert not unrated.from_self_rating

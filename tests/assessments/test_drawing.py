"""Drawing questions: by skill, at random, avoiding the previous attempt's questions."""

import random

from assessments.drawing import draw

POOL = {n: {"a"} for n in range(1, 11)} | {n: {"b"} for n in range(11, 21)}


def test_a_draw_holds_distinct_questions_from_the_pool():
    drawn = draw(POOL, count=8, rng=random.Random(3))
    assert len(drawn) == len(set(drawn)) == 8 and set(drawn) <= set(POOL)


def test_each_skill_gets_its_share():
    drawn = draw(POOL, count=8, rng=random.Random(4))
    assert sum(q <= 10 for q in drawn) == 4


def test_the_previous_attempts_questions_are_avoided_when_the_bank_allows():
    first = draw(POOL, count=10, rng=random.Random(5))
    second = draw(POOL, count=10, previous=first, rng=random.Random(6))
    assert not set(first) & set(second)


def test_previous_questions_fill_in_when_the_bank_runs_short():
    first = draw(POOL, count=15, rng=random.Random(7))
    second = draw(POOL, count=15, previous=first, rng=random.Random(8))
    fresh = set(POOL) - set(first)
    assert fresh <= set(second) and len(second) == 15
    assert second[: len(fresh)] == [q for q in second if q in fresh]  # fresh ones come first


def test_a_count_larger_than_the_pool_gives_the_whole_pool():
    assert sorted(draw(POOL, count=50, rng=random.Random(9))) == sorted(POOL)


def test_draws_are_random():
    assert draw(POOL, count=5, rng=random.Random(1)) != draw(POOL, count=5, rng=random.Random(2))

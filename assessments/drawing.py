"""Draw an attempt's questions from the bank: plain Python, no models.

Questions are drawn at random, skill by skill in turn, so every skill of the assessment
gets its share; questions of the learner's previous attempt come only when the rest of the
bank runs out.
"""

from __future__ import annotations

import random
from collections.abc import Collection, Mapping


def draw(
    pool: Mapping[int, Collection[str]], *, count: int, previous: Collection[int] = (), rng: random.Random | None = None
) -> list[int]:
    """``count`` question ids from ``pool`` (question id -> its skills), fresh ones first."""
    rng = rng or random.Random()
    fresh = {q: skills for q, skills in pool.items() if q not in previous}
    seen = {q: skills for q, skills in pool.items() if q in previous}
    chosen = _round_robin(fresh, count, rng)
    return chosen + _round_robin(seen, count - len(chosen), rng)


def _round_robin(pool: Mapping[int, Collection[str]], count: int, rng: random.Random) -> list[int]:
    by_skill: dict[str, list[int]] = {}
    for question in sorted(pool):
        for skill in sorted(pool[question]):
            by_skill.setdefault(skill, []).append(question)
    queues = [rng.sample(questions, len(questions)) for _skill, questions in sorted(by_skill.items())]
    rng.shuffle(queues)
    chosen: list[int] = []
    taken: set[int] = set()
    while len(chosen) < count and any(queues):
        for queue in queues:
            while queue and queue[-1] in taken:
                queue.pop()
            if queue and len(chosen) < count:
                question = queue.pop()
                chosen.append(question)
                taken.add(question)
    return chosen

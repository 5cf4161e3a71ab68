"""Gap analysis: plain Python on plain data, no models.

For each skill the target role requires (content, level 1-5), the learner's level is:

- the demonstrated level, when the quizzes hold at least ``MIN_QUESTIONS`` questions on the skill
  (the mean credit of the latest answer to each question, times 5, rounded half up, at least 1,
  and never above what that many questions can show: ``evidence_cap``);
- otherwise the self-rating, when there is one;
- otherwise the demonstrated level from fewer questions, or 0 with no evidence at all.

The gap is the required level less that level, never below 0. Skills are ranked by gap, then
by required level, then in the role's order. A skill is mastered with ``MASTERY`` (80%) or more
over at least ``MIN_QUESTIONS`` questions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

MIN_QUESTIONS = 5
MASTERY = 0.8
TOP_LEVEL = 5
# The highest level a few questions can show: one lucky answer is not a 5 of 5.
# (fewer than this many questions, that level at most)
EVIDENCE_CAPS = ((3, 3), (MIN_QUESTIONS, 4))


def evidence_cap(questions: int) -> int:
    """The highest level ``questions`` answered questions can demonstrate: 3 from fewer than 3,
    4 from fewer than ``MIN_QUESTIONS``, else the top level."""
    for fewer_than, cap in EVIDENCE_CAPS:
        if questions < fewer_than:
            return cap
    return TOP_LEVEL


@dataclass(frozen=True)
class Evidence:
    """What the quizzes show about one skill."""

    score: float  # mean credit, 0 to 1
    questions: int
    last: date | None = None  # when the skill was last tested

    @property
    def level(self) -> int:
        # Rounded to 6 places first, so 0.7 * 5 (3.4999...) counts as 3.5 and rounds up.
        return min(max(1, int(round(self.score * TOP_LEVEL, 6) + 0.5)), evidence_cap(self.questions))

    @property
    def mastered(self) -> bool:
        return self.questions >= MIN_QUESTIONS and self.score >= MASTERY


@dataclass(frozen=True)
class Requirement:
    skill: str  # slug
    name: str
    required: int


@dataclass(frozen=True)
class GapRow:
    skill: str
    name: str
    required: int
    demonstrated: int | None
    self_rated: int | None
    level: int  # the level the gap is measured from
    gap: int
    score: float | None
    questions: int

    @property
    def from_self_rating(self) -> bool:
        """The gap is measured from the self-rating, the quizzes holding too few questions (current_level)."""
        return bool(self.self_rated) and self.questions < MIN_QUESTIONS


def gap_rows(
    requirements: list[Requirement], evidence: dict[str, Evidence], ratings: dict[str, int]
) -> list[GapRow]:
    """One row per required skill, most urgent first."""
    rows = []
    for n, req in enumerate(requirements):
        seen = evidence.get(req.skill)
        demonstrated = seen.level if seen and seen.questions else None
        rated = ratings.get(req.skill)
        level = current_level(seen, rated)
        row = GapRow(req.skill, req.name, req.required, demonstrated, rated, level, max(req.required - level, 0),
                     seen.score if seen else None, seen.questions if seen else 0)
        rows.append((-row.gap, -row.required, n, row))
    return [row for *_key, row in sorted(rows, key=lambda r: r[:3])]


def current_level(seen: Evidence | None, rated: int | None) -> int:
    if seen and seen.questions >= MIN_QUESTIONS:
        return seen.level
    if rated:
        return rated
    return seen.level if seen and seen.questions else 0


def weakest(rows: list[GapRow], *, count: int = 3) -> list[str]:
    """The skills with the largest gaps (gap above 0), at most ``count``."""
    return [row.skill for row in rows if row.gap > 0][:count]

"""Start and submit attempts, gather the evidence of past attempts, save self-ratings.

The rules live in the plain modules (drawing, scoring, gap); this module reads and writes
the rows around them. Every write happens in one transaction.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from roadmap.models import RoleSkill, Skill

from . import drawing, gap, scoring
from .models import Answer, Assessment, Attempt, Choice, Question, SelfRating

# A form sent in the last seconds of the time limit still counts.
GRACE = timedelta(seconds=15)


class AttemptError(ValueError):
    """A start or a submission refused; the message says why, for the learner."""


def assessment_skill_ids(assessment: Assessment) -> set[int]:
    return set(assessment.skills.filter(archived=False).values_list("id", flat=True))


@transaction.atomic
def start_attempt(*, user, assessment: Assessment, now: datetime | None = None,
                  rng: random.Random | None = None) -> Attempt:
    """Draw the questions of a new attempt, avoiding those of the learner's previous one."""
    now, rng = now or timezone.now(), rng or random.Random()
    skill_ids = assessment_skill_ids(assessment)
    pool: dict[int, set[int]] = {}
    for question_id, skill_id in Question.skills.through.objects.filter(
        skill_id__in=skill_ids, question__archived=False
    ).values_list("question_id", "skill_id"):
        pool.setdefault(question_id, set()).add(str(skill_id))
    previous = Attempt.objects.filter(user=user, assessment=assessment).first()
    previous_ids = set(previous.answers.values_list("question_id", flat=True)) if previous else set()
    question_ids = drawing.draw(pool, count=assessment.question_count, previous=previous_ids, rng=rng)
    if not question_ids:
        raise AttemptError("This assessment has no questions yet.")
    limit = assessment.time_limit_minutes
    attempt = Attempt.objects.create(
        user=user, assessment=assessment, started=now, deadline=now + timedelta(minutes=limit) if limit else None
    )
    choices = _active_choices(question_ids)
    types = dict(Question.objects.filter(id__in=question_ids).values_list("id", "type"))
    Answer.objects.bulk_create(
        Answer(attempt=attempt, question_id=q, position=n, shown_order=shown_order(types[q], choices[q], rng))
        for n, q in enumerate(question_ids)
    )
    return attempt


def _active_choices(question_ids) -> dict[int, list[int]]:
    """Each question's active choice ids, in the content's order."""
    choices: dict[int, list[int]] = {q: [] for q in question_ids}
    for question_id, choice_id in Choice.objects.filter(question_id__in=question_ids, archived=False).order_by(
        "question_id", "position", "pk"
    ).values_list("question_id", "id"):
        choices[question_id].append(choice_id)
    return choices


def shown_order(question_type: str, choice_ids: list[int], rng: random.Random) -> list[int]:
    """The order a question's choices are shown in: True before False; otherwise shuffled,
    and an ordering question never in its right order (that would give the answer away)."""
    if question_type == scoring.TRUE_FALSE:
        return choice_ids
    shown = rng.sample(choice_ids, len(choice_ids))
    while question_type == scoring.ORDERING and len(shown) > 1 and shown == choice_ids:
        shown = rng.sample(choice_ids, len(choice_ids))
    return shown


def answer_key(question: Question, shown: list[int]) -> scoring.AnswerKey:
    choices = [c for c in question.choices.all() if c.id in shown]
    choices.sort(key=lambda c: (c.position, c.id))
    return scoring.AnswerKey(
        type=question.type,
        choices=tuple(c.id for c in choices),
        correct=frozenset(c.id for c in choices if c.correct),
        scoring=question.scoring,
    )


@dataclass(frozen=True)
class Response:
    question: int
    choices: list[int]


@transaction.atomic
def submit_attempt(*, attempt: Attempt, responses: list[Response], now: datetime | None = None) -> Attempt:
    """Score an attempt once. Anything wrong with the submission raises AttemptError and scores nothing."""
    now = now or timezone.now()
    if attempt.submitted:
        raise AttemptError("This attempt was already submitted.")
    if attempt.deadline and now > attempt.deadline + GRACE:
        raise AttemptError("The time limit has passed: this attempt can no longer be submitted.")
    answers = {a.question_id: a for a in attempt.answers.select_related("question").prefetch_related(
        "question__choices", "question__skills")}
    chosen: dict[int, list[int]] = {}
    for response in responses:
        answer = answers.get(response.question)
        if answer is None:
            raise AttemptError(f"Question {response.question} is not part of this attempt.")
        if response.question in chosen:
            raise AttemptError(f"Question {response.question} is answered twice.")
        problem = scoring.answer_problem(answer_key(answer.question, answer.shown_order), response.choices)
        if problem:
            raise AttemptError(f"Question {response.question}: {problem}.")
        chosen[response.question] = list(response.choices)
    # Claim the attempt with a conditional update: of two submissions racing, only one scores.
    if not Attempt.objects.filter(pk=attempt.pk, submitted__isnull=True).update(submitted=now):
        raise AttemptError("This attempt was already submitted.")
    scored = []
    for answer in answers.values():
        answer.selected = chosen.get(answer.question_id, [])
        answer.credit = scoring.credit(answer_key(answer.question, answer.shown_order), answer.selected)
        scored.append((answer.question.skills.all(), answer.credit))
    Answer.objects.bulk_update(answers.values(), ["selected", "credit"])
    per_skill = scoring.skill_scores(([(s.slug, s.name) for s in skills], value) for skills, value in scored)
    attempt.submitted = now
    attempt.score = scoring.mean(value for _skills, value in scored) or 0.0
    attempt.skill_scores = {
        slug: {"name": name, "score": round(score, 4), "questions": n} for (slug, name), (score, n) in per_skill.items()
    }
    attempt.save(update_fields=["score", "skill_scores"])
    return attempt


def learner_evidence(user) -> dict[str, gap.Evidence]:
    """Per skill slug: the mean credit of the latest answer to each question the learner was scored on."""
    return evidence_of([user.pk])[user.pk]


def evidence_of(user_ids) -> dict[int, dict[str, gap.Evidence]]:
    """learner_evidence for many learners at once, by user id, in two queries."""
    latest: dict[int, dict[int, tuple[float, datetime]]] = {pk: {} for pk in user_ids}
    for user_id, question_id, value, submitted in Answer.objects.filter(
        attempt__user_id__in=user_ids, attempt__submitted__isnull=False, credit__isnull=False
    ).order_by("attempt__submitted", "pk").values_list("attempt__user_id", "question_id", "credit", "attempt__submitted"):
        latest[user_id][question_id] = (value, submitted)
    skills_of: dict[int, list[str]] = {}
    for question_id, slug in Question.skills.through.objects.filter(
        question_id__in={q for answers in latest.values() for q in answers}
    ).values_list("question_id", "skill__slug"):
        skills_of.setdefault(question_id, []).append(slug)
    evidence = {}
    for user_id, answers in latest.items():
        per_skill: dict[str, list[tuple[float, datetime]]] = {}
        for question_id, seen in answers.items():
            for slug in skills_of.get(question_id, []):
                per_skill.setdefault(slug, []).append(seen)
        evidence[user_id] = {
            slug: gap.Evidence(
                score=sum(v for v, _ in seen) / len(seen),
                questions=len(seen),
                last=timezone.localdate(max(when for _, when in seen)),
            )
            for slug, seen in per_skill.items()
        }
    return evidence


def ratings_of(user) -> dict[str, int]:
    return dict(SelfRating.objects.filter(user=user).values_list("skill__slug", "level"))


@transaction.atomic
def save_self_ratings(*, user, levels: dict[Skill, int | None]) -> None:
    """Set the learner's self-ratings; a skill left without a level loses its rating."""
    for skill, level in levels.items():
        if level:
            SelfRating.objects.update_or_create(user=user, skill=skill, defaults={"level": level})
        else:
            SelfRating.objects.filter(user=user, skill=skill).delete()


@dataclass
class GapAnalysis:
    role: object
    rows: list[gap.GapRow]
    evidence: dict[str, gap.Evidence]


def gap_analysis(*, user, roadmap) -> GapAnalysis:
    """The learner's gaps against their roadmap's target role."""
    return gap_analyses([roadmap])[roadmap.pk]


def gap_analyses(roadmaps) -> dict[int, GapAnalysis]:
    """gap_analysis of many roadmaps (each against its own target role), by roadmap id, in four queries."""
    requirements: dict[int, list[gap.Requirement]] = {r.target_role_id: [] for r in roadmaps}
    for role_id, slug, name, level in RoleSkill.objects.filter(
        role_id__in=requirements, skill__archived=False
    ).order_by("skill__order", "pk").values_list("role_id", "skill__slug", "skill__name", "level"):
        requirements[role_id].append(gap.Requirement(slug, name, level))
    user_ids = [r.user_id for r in roadmaps]
    evidence = evidence_of(user_ids)
    ratings: dict[int, dict[str, int]] = {pk: {} for pk in user_ids}
    for user_id, slug, level in SelfRating.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "skill__slug", "level"
    ):
        ratings[user_id][slug] = level
    return {
        r.pk: GapAnalysis(
            r.target_role,
            gap.gap_rows(requirements[r.target_role_id], evidence[r.user_id], ratings[r.user_id]),
            evidence[r.user_id],
        )
        for r in roadmaps
    }

"""A demo learner's quiz attempts, self-assessment and certification records, through the
assessments' and certifications' services."""

from __future__ import annotations

import hashlib
import random
from datetime import date, timedelta

from assessments import scoring
from assessments.models import Assessment
from assessments.services import Response, answer_key, save_self_ratings, start_attempt, submit_attempt
from certifications.expiry import REMINDER_DAYS, days_left, due_threshold
from certifications.records import save_record
from roadmap.models import Certification, Skill

from .timeline import evening


def take_quiz(*, user, slug: str, day: date, knows: float, rng: random.Random):
    """Start an attempt on ``day`` and answer it about as well as ``knows`` (0-1), in 14 minutes."""
    assessment = Assessment.objects.filter(slug=slug, archived=False).first()
    if assessment is None:
        return None
    started = evening(day, hour=21)
    attempt = start_attempt(user=user, assessment=assessment, now=started, rng=rng)
    responses = []
    for answer in attempt.answers.select_related("question").prefetch_related("question__choices"):
        key = answer_key(answer.question, answer.shown_order)
        responses.append(Response(question=answer.question_id, choices=_answer(key, knows, rng)))
    return submit_attempt(attempt=attempt, responses=responses, now=started + timedelta(minutes=14))


def _answer(key: scoring.AnswerKey, knows: float, rng: random.Random) -> list[int]:
    if key.type == scoring.ORDERING:
        right = list(key.choices)
        return right if rng.random() < knows else rng.sample(right, len(right))
    if rng.random() < knows:
        return sorted(key.correct)
    wrong = [c for c in key.choices if c not in key.correct] or list(key.choices)
    if key.type == scoring.MULTIPLE:
        # Half right: one correct choice and one that is not.
        return sorted({rng.choice(sorted(key.correct)), rng.choice(wrong)})
    return [rng.choice(wrong)]


def rate_myself(*, user, levels: dict[str, int]) -> None:
    skills = Skill.objects.filter(slug__in=levels, archived=False)
    save_self_ratings(user=user, levels={skill: levels[skill.slug] for skill in skills})


def track(*, user, slug: str, status: str, offset: int | None, today: date):
    """A certification record: ``offset`` days from today to the pass date (held) or exam (booked)."""
    certification = Certification.objects.filter(slug=slug).first()
    if certification is None:
        return None
    day = None if offset is None else today + timedelta(days=offset)
    held = status in ("passed", "expired")
    record = save_record(
        user=user, certification=certification, status=status,
        exam_date=day if held or status == "booked" else None, passed_on=day if held else None,
        credential_id=_credential_id(user, certification) if held else "", credential_url="", today=today,
    )
    # The reminders the daily beat would have sent over this history (as send_due_reminders records
    # them), so the tracker does not say a reminder 50 days old goes out today.
    due = due_threshold(days_left(record, today)) if record.status == "passed" else None
    if due is not None:
        record.reminders_sent = [days for days in REMINDER_DAYS if days >= due]
        record.save(update_fields=["reminders_sent"])
    return record


def _credential_id(user, certification) -> str:
    """An identifier shaped like an issuer's (ten letters and digits), the same on every seed."""
    return hashlib.sha256(f"{user.username}:{certification.slug}".encode()).hexdigest()[:10].upper()

"""The export's assessment sections: attempts with their answers and scores, self-ratings, and step comments.

Questions, choices, assessments, skills and steps are named by slug (choices by their key, stable within
a question), never by database id, like the rest of the document.

Scores are exported for the reader and recomputed on import from the answers and this site's answer keys
(assessments.scoring, as a submission is scored), so a file can never give a learner a score their answers
did not earn, and an attempt reads the same on their pages and on their mentor's.

Comments: the thread on each step is exported whole, so the learner keeps a record of what was said; each
comment says whether it is the learner's own (``mine``). A mentor's comments are the mentor's data: they are
in the file read-only and are never imported (importing them would put the mentor's words under the
learner's name, or post as the mentor). Importing replaces the roadmap, and with it every thread on it;
the learner's own comments come back, a reply to a mentor's comment as a comment of its own.
"""

from __future__ import annotations

from collections import defaultdict

from rest_framework import serializers

from assessments import scoring
from assessments.models import Answer, Assessment, Attempt, Question, SelfRating
from assessments.services import answer_key
from mentoring.models import StepComment
from roadmap.models import LearnerRoadmap, Skill

from .fields import by_slug

MAX_ANSWERS = 200


# Export


def export_learning(*, user, roadmap: LearnerRoadmap | None) -> dict:
    """The learner's submitted attempts, self-ratings and step comments (sections of the export document)."""
    attempts = (user.attempts.filter(submitted__isnull=False).select_related("assessment")
                .prefetch_related("answers__question__choices").order_by("started", "id"))
    ratings = SelfRating.objects.filter(user=user).select_related("skill").order_by("skill__order", "skill__slug")
    return {
        "attempts": [export_attempt(attempt) for attempt in attempts],
        "self_ratings": [{"skill": rating.skill.slug, "level": rating.level} for rating in ratings],
        "comments": export_comments(user, roadmap) if roadmap else [],
    }


def export_attempt(attempt: Attempt) -> dict:
    return {
        "assessment": attempt.assessment.slug,
        "started": attempt.started.isoformat(),
        "deadline": attempt.deadline.isoformat() if attempt.deadline else None,
        "submitted": attempt.submitted.isoformat(),
        "score": attempt.score,
        "answers": [export_answer(answer) for answer in attempt.answers.all()],
    }


def export_answer(answer: Answer) -> dict:
    keys = {choice.id: choice.key for choice in answer.question.choices.all()}
    return {
        "question": answer.question.slug,
        "shown": [keys[choice] for choice in answer.shown_order if choice in keys],
        "selected": [keys[choice] for choice in answer.selected if choice in keys],
        "credit": answer.credit,
    }


def export_comments(user, roadmap: LearnerRoadmap) -> list[dict]:
    """Every comment on the learner's steps, numbered in the file; ``parent`` is the number of the thread's
    first comment. ``mine`` false: a mentor's comment, exported read-only and never imported."""
    comments = list(StepComment.objects.filter(row__roadmap=roadmap).select_related("row__step", "author")
                    .order_by("created", "id"))
    number = {comment.pk: n for n, comment in enumerate(comments, start=1)}
    return [
        {
            "id": number[comment.pk],
            "step": comment.row.step.slug,
            "mine": comment.author_id == user.pk,
            "author": comment.author.get_username(),
            "parent": number.get(comment.parent_id),
            "body": comment.body,
            "created": comment.created.isoformat(),
        }
        for comment in comments
    ]


# Import: serializers, then writing


class ImportedRating(serializers.ModelSerializer):
    skill = by_slug(Skill)

    class Meta:
        model = SelfRating
        fields = ["skill", "level"]
        validators: list = []


class ImportedAnswer(serializers.Serializer):
    # Choices and skills with it: each answer is checked and scored without a query of its own.
    question = by_slug(Question, Question.objects.prefetch_related("choices", "skills"))
    shown = serializers.ListField(child=serializers.CharField(max_length=40), max_length=50)
    selected = serializers.ListField(child=serializers.CharField(max_length=40), max_length=50, required=False,
                                     default=list)
    credit = serializers.FloatField(required=False, allow_null=True)  # read, never trusted: recomputed

    def validate(self, attrs):
        question = attrs["question"]
        ids = {choice.key: choice.id for choice in question.choices.all()}
        unknown = [key for key in [*attrs["shown"], *attrs["selected"]] if key not in ids]
        if unknown:
            raise serializers.ValidationError(
                f"question “{question.slug}” has no choice “{unknown[0]}”")
        shown = [ids[key] for key in attrs["shown"]]
        selected = [ids[key] for key in attrs["selected"]]
        problem = scoring.answer_problem(answer_key(question, shown), selected)
        if problem:
            raise serializers.ValidationError(f"question “{question.slug}”: {problem}")
        return attrs | {"shown_ids": shown, "selected_ids": selected}


class ImportedAttempt(serializers.Serializer):
    assessment = by_slug(Assessment)
    started = serializers.DateTimeField()
    deadline = serializers.DateTimeField(required=False, allow_null=True, default=None)
    submitted = serializers.DateTimeField()
    score = serializers.FloatField(required=False, allow_null=True)  # read, never trusted: recomputed
    answers = ImportedAnswer(many=True, allow_empty=False, max_length=MAX_ANSWERS)

    def validate(self, attrs):
        if attrs["submitted"] < attrs["started"]:
            raise serializers.ValidationError({"submitted": "cannot be before the attempt started"})
        slugs = [answer["question"].slug for answer in attrs["answers"]]
        twice = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if twice:
            raise serializers.ValidationError({"answers": f"question “{twice[0]}” is answered twice"})
        return attrs


class ImportedComment(serializers.Serializer):
    id = serializers.IntegerField(min_value=1)
    step = serializers.CharField(max_length=80)  # DocumentReader.check_session_steps checks it is in the roadmap
    mine = serializers.BooleanField()
    author = serializers.CharField(max_length=150, required=False, allow_blank=True)
    parent = serializers.IntegerField(min_value=1, required=False, allow_null=True, default=None)
    body = serializers.CharField(max_length=StepComment._meta.get_field("body").max_length)
    created = serializers.DateTimeField(required=False, allow_null=True, default=None)


def write_learning(user, document: dict, *, roadmap: LearnerRoadmap | None) -> None:
    """Replace the learner's attempts and self-ratings, and post their own comments again (in a transaction)."""
    Attempt.objects.filter(user=user).delete()
    SelfRating.objects.filter(user=user).delete()
    for fields in document["attempts"]:
        write_attempt(user, fields)
    SelfRating.objects.bulk_create(SelfRating(user=user, **fields) for fields in document["self_ratings"])
    if roadmap is not None:
        write_comments(user, roadmap, document["comments"])


def write_attempt(user, fields: dict) -> Attempt:
    """An attempt and its answers, scored again from the answers as assessments.services.submit_attempt does."""
    attempt = Attempt.objects.create(user=user, assessment=fields["assessment"], started=fields["started"],
                                     deadline=fields["deadline"], submitted=fields["submitted"])
    answers, scored = [], []
    for position, item in enumerate(fields["answers"]):
        question = item["question"]
        value = scoring.credit(answer_key(question, item["shown_ids"]), item["selected_ids"])
        answers.append(Answer(attempt=attempt, question=question, position=position, shown_order=item["shown_ids"],
                              selected=item["selected_ids"], credit=value))
        scored.append(([(skill.slug, skill.name) for skill in question.skills.all()], value))
    Answer.objects.bulk_create(answers)
    per_skill = scoring.skill_scores(scored)
    attempt.score = scoring.mean(value for _skills, value in scored) or 0.0
    attempt.skill_scores = {slug: {"name": name, "score": round(score, 4), "questions": n}
                            for (slug, name), (score, n) in per_skill.items()}
    attempt.save(update_fields=["score", "skill_scores"])
    return attempt


def write_comments(user, roadmap: LearnerRoadmap, comments: list[dict]) -> None:
    """The learner's own comments only, on the step of the same slug, replies kept under their own thread."""
    rows = {row.step.slug: row for row in roadmap.steps.select_related("step")}
    made: dict[int, StepComment] = {}
    created = defaultdict(list)
    for fields in comments:
        if not fields["mine"]:
            continue  # a mentor's words stay the mentor's: never imported
        parent = made.get(fields["parent"])
        comment = StepComment.objects.create(row=rows[fields["step"]], author=user, body=fields["body"],
                                             parent=parent.parent or parent if parent else None)
        made[fields["id"]] = comment
        if fields["created"]:
            created[fields["created"]].append(comment.pk)
    for day, ids in created.items():  # auto_now_add stamped them now; keep the day they were written
        StepComment.objects.filter(pk__in=ids).update(created=day)

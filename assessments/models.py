"""The question bank and assessments (curated content), and the learner's attempts and ratings.

Questions and assessments mirror ``content/questions.yaml`` and ``content/assessments.yaml``
(loaded by ``manage.py load_content``); like all content they are archived, never
deleted, because attempts point at them. Choices are matched by their ``key``, stable
within a question. Attempts, answers, self-ratings and roadmap applications are the
learner's own data: only the learner sees them.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models import ACTIVE, ContentItem, Phase, Skill

LEVELS = [MinValueValidator(1), MaxValueValidator(5)]


class Question(ContentItem):
    class Type(models.TextChoices):
        SINGLE = "single", _("single choice")
        MULTIPLE = "multiple", _("multiple choice")
        TRUE_FALSE = "true_false", _("true or false")
        ORDERING = "ordering", _("ordering")

    class Scoring(models.TextChoices):
        ALL_OR_NOTHING = "all_or_nothing", _("all or nothing")
        PARTIAL = "partial", _("partial credit")

    class Topic(models.TextChoices):
        LIFECYCLE = "lifecycle", _("the ML lifecycle")
        DEFINITIONS = "definitions", _("definitions")
        METRICS = "metrics", _("metrics and validation")
        MONITORING = "monitoring", _("drift and monitoring")
        MLOPS_TOOLS = "mlops-tools", _("MLOps and tools by category")
        CLOUD = "cloud", _("cloud AI services")
        SCALING = "scaling", _("scaling and resilience")
        RESPONSIBLE_AI = "responsible-ai", _("explainability and bias")
        FUNDAMENTALS = "fundamentals", _("ML fundamentals")
        DOCUMENT_PROCESSING = "document-processing", _("the document-processing system")
        CAREER = "career", _("career facts")
        SOFT_SKILLS = "soft-skills", _("soft skills")

    type = models.CharField(_("type"), max_length=12, choices=Type.choices)
    topic = models.CharField(_("topic"), max_length=24, choices=Topic.choices)
    text = models.TextField(_("question"))
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="questions", limit_choices_to=ACTIVE)
    difficulty = models.PositiveSmallIntegerField(
        _("difficulty"), validators=[MinValueValidator(1), MaxValueValidator(3)], help_text=_("1 easy, 2 medium, 3 hard.")
    )
    scoring = models.CharField(
        _("scoring"), max_length=16, choices=Scoring.choices, default=Scoring.ALL_OR_NOTHING,
        help_text=_("Partial credit applies to multiple-choice and ordering questions."),
    )
    explanation = models.TextField(_("explanation"), help_text=_("Shown with the answer, after submission."))

    class Meta(ContentItem.Meta):
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self) -> str:
        return self.slug


class Choice(models.Model):
    """One answer offered by a question. For ordering questions ``position`` is the correct order."""

    curated_content = True

    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.CASCADE, related_name="choices")
    key = models.SlugField(_("key"), max_length=40, help_text=_("Stable within its question."))
    text = models.CharField(_("text"), max_length=500)
    correct = models.BooleanField(_("correct"), default=False)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    archived = models.BooleanField(_("archived"), default=False)

    class Meta:
        ordering = ["question", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="assessments_choice_key_unique")]
        verbose_name = _("choice")
        verbose_name_plural = _("choices")

    def __str__(self) -> str:
        return f"{self.question.slug}/{self.key}"


class Assessment(ContentItem):
    """A diagnostic: a number of questions drawn from the bank for some skills."""

    class Kind(models.TextChoices):
        PHASE = "phase", _("diagnostic for a roadmap phase")
        SKILL_AREA = "skill_area", _("diagnostic for a skill area")

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    phase = models.ForeignKey(
        Phase, verbose_name=_("phase"), null=True, blank=True, on_delete=models.PROTECT, related_name="assessments",
        limit_choices_to=ACTIVE,
    )
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="assessments", limit_choices_to=ACTIVE)
    question_count = models.PositiveSmallIntegerField(_("number of questions"), validators=[MinValueValidator(1)])
    time_limit_minutes = models.PositiveSmallIntegerField(
        _("time limit (minutes)"), null=True, blank=True, help_text=_("Empty: no time limit.")
    )

    class Meta(ContentItem.Meta):
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")


class Attempt(models.Model):
    """One sitting of an assessment. Kept for ever: the history drives the charts and the gap analysis."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="attempts"
    )
    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.PROTECT, related_name="attempts"
    )
    started = models.DateTimeField(_("started"))
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.FloatField(_("score"), null=True, blank=True, help_text=_("Share of the credit, 0 to 1."))
    # Skill slug -> {"name", "score", "questions"}, written once at submission.
    skill_scores = models.JSONField(_("scores per skill"), default=dict, blank=True)

    class Meta:
        ordering = ["-started", "-id"]
        indexes = [models.Index(fields=["user", "assessment", "started"])]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")

    def __str__(self) -> str:
        return f"{self.user} · {self.assessment} · {self.started:%Y-%m-%d %H:%M}"


class Answer(models.Model):
    """A question drawn for an attempt and, once submitted, what the learner chose and its credit."""

    attempt = models.ForeignKey(Attempt, verbose_name=_("attempt"), on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveSmallIntegerField(_("position"))
    # Choice ids in the order shown to the learner (shuffled; never the answer of an ordering question).
    shown_order = models.JSONField(_("order shown"), default=list)
    selected = models.JSONField(_("choices selected"), default=list, blank=True)
    credit = models.FloatField(_("credit"), null=True, blank=True, help_text=_("0 to 1, set at submission."))

    class Meta:
        ordering = ["attempt", "position"]
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="assessments_answer_unique")]
        verbose_name = _("answer")
        verbose_name_plural = _("answers")


class SelfRating(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="self_ratings"
    )
    skill = models.ForeignKey(Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVELS)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["user", "skill__order"]
        constraints = [models.UniqueConstraint(fields=["user", "skill"], name="assessments_selfrating_unique")]
        verbose_name = _("self-rating")
        verbose_name_plural = _("self-ratings")

    def __str__(self) -> str:
        return f"{self.user}: {self.skill} {self.level}"


class Application(models.Model):
    """A gap analysis applied to a roadmap, with each step's previous state so undo restores it exactly."""

    roadmap = models.ForeignKey(
        "roadmap.LearnerRoadmap", verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="applications"
    )
    applied = models.DateTimeField(_("applied"), auto_now_add=True)
    undone = models.DateTimeField(_("undone"), null=True, blank=True)
    # [{"row", "status", "skip_source", "skip_reason", "keep", "position"}]: the state before.
    changes = models.JSONField(_("changes"), default=list)
    skipped = models.PositiveSmallIntegerField(_("steps skipped"), default=0)
    moved = models.PositiveSmallIntegerField(_("steps moved earlier"), default=0)

    class Meta:
        ordering = ["-applied", "-id"]
        verbose_name = _("roadmap application")
        verbose_name_plural = _("roadmap applications")

    def __str__(self) -> str:
        return f"{self.roadmap} · {self.applied:%Y-%m-%d %H:%M}"

"""A learner's own data: their roadmap, its steps and the study log.

Re-exported by roadmap/models/__init__.py. Personal rows point at content rows with PROTECT:
content is archived, never deleted, so a learner's history always has its step.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from ..rules import hours_per_week_validators, validate_study_days
from .catalog import Background, Cloud, Step, TargetRole

MAX_SESSION_MINUTES = 16 * 60
MAX_SKIP_REASON_LENGTH = 500  # a learner's own reason; the planner's reasons are not limited


def new_calendar_token() -> str:
    return secrets.token_urlsafe(24)


class LearnerRoadmap(models.Model):
    """The answers of the questionnaire and the plan they produce; one per learner."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="roadmap"
    )
    background = models.ForeignKey(Background, verbose_name=_("background"), on_delete=models.PROTECT)
    target_role = models.ForeignKey(TargetRole, verbose_name=_("target role"), on_delete=models.PROTECT)
    hours_per_week = models.DecimalField(
        _("hours per week"),
        max_digits=4,
        decimal_places=1,
        validators=hours_per_week_validators,
    )
    # Weekday numbers, Monday = 0.
    study_days = models.JSONField(_("study days"), default=list, validators=[validate_study_days])
    start_date = models.DateField(_("start date"))
    cloud = models.CharField(_("preferred cloud"), max_length=8, choices=Cloud.choices, blank=True)
    planned_finish = models.DateField(_("planned finish"), null=True, blank=True)
    calendar_token = models.CharField(_("calendar token"), max_length=64, unique=True, default=new_calendar_token)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["user__username"]
        verbose_name = _("learner roadmap")
        verbose_name_plural = _("learner roadmaps")

    def __str__(self) -> str:
        return f"{self.user} → {self.target_role}"


class RoadmapStep(models.Model):
    class Status(models.TextChoices):
        TODO = "todo", _("to do")
        IN_PROGRESS = "in_progress", _("in progress")
        DONE = "done", _("done")
        SKIPPED = "skipped", _("skipped")

    class SkipSource(models.TextChoices):
        NONE = "", _("not skipped")
        BACKGROUND = "background", _("your background")
        CLOUD = "cloud", _("another cloud")
        LEARNER = "learner", _("you")
        ASSESSMENT = "assessment", _("an assessment")

    roadmap = models.ForeignKey(LearnerRoadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="steps")
    step = models.ForeignKey(Step, verbose_name=_("step"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.TODO)
    skip_source = models.CharField(_("skipped by"), max_length=12, choices=SkipSource.choices, blank=True)
    skip_reason = models.TextField(_("why it is skipped"), blank=True)
    # A learner's skip is shown per reader ("by you" / "by Alice") from these facts, not stored as a
    # sentence. Rows skipped before this field have their sentence in skip_reason and no date.
    skipped_on = models.DateField(_("skipped on"), null=True, blank=True)
    # The learner took back an automatic skip: re-planning must not skip it again.
    keep = models.BooleanField(_("kept by the learner"), default=False)
    optional = models.BooleanField(_("optional"), default=False)
    note = models.TextField(_("private note"), blank=True)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)

    class Meta:
        ordering = ["roadmap", "position"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "step"], name="one_row_per_step_per_roadmap")]
        verbose_name = _("roadmap step")
        verbose_name_plural = _("roadmap steps")

    def __str__(self) -> str:
        return f"{self.step} ({self.get_status_display()})"


class StudySession(models.Model):
    roadmap = models.ForeignKey(
        LearnerRoadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="sessions"
    )
    step = models.ForeignKey(
        RoadmapStep, verbose_name=_("step"), null=True, blank=True, on_delete=models.SET_NULL, related_name="sessions"
    )
    date = models.DateField(_("date"))
    minutes = models.PositiveIntegerField(
        _("minutes"), validators=[MinValueValidator(1), MaxValueValidator(MAX_SESSION_MINUTES)]
    )
    note = models.CharField(_("note"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["roadmap", "date"])]
        verbose_name = _("study session")
        verbose_name_plural = _("study sessions")

    def __str__(self) -> str:
        return f"{date_format(self.date)}: {self.minutes} min"

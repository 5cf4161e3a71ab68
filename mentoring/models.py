"""Mentoring: who mentors whom, comments on steps, notifications and milestone sign-offs.

The rules (who may do what, and when) live in access.py, invitations.py, comments.py,
milestones.py and notifications.py; these models only hold the state. The tables keep
their names from when the models lived in roadmap (see migrations/0001). Every status field has
explicit choices and is changed by a conditional update that names the status it
expects, so two clicks racing each other never both win.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from roadmap.models import LearnerRoadmap, Phase, RoadmapStep


def new_invitation_token() -> str:
    return secrets.token_urlsafe(24)


class Mentorship(models.Model):
    """A learner and a mentor. Only an ACTIVE mentorship lets the mentor see the learner's data."""

    class Status(models.TextChoices):
        PENDING = "pending", _("invited")
        ACTIVE = "active", _("active")
        DECLINED = "declined", _("declined")
        ENDED = "ended", _("ended")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="mentorships"
    )
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("mentor"), on_delete=models.CASCADE, related_name="menteeships"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The curator who assigned this mentor, if the learner did not invite them."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    responded_at = models.DateTimeField(_("accepted or declined at"), null=True, blank=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    ended_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("ended by"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )

    class Meta:
        db_table = "roadmap_mentorship"
        ordering = ["-created", "-id"]
        verbose_name = _("mentorship")
        verbose_name_plural = _("mentorships")
        constraints = [
            models.UniqueConstraint(
                fields=["learner", "mentor"],
                condition=Q(status__in=["pending", "active"]),
                name="one_open_mentorship_per_pair",
            ),
            models.CheckConstraint(condition=~Q(learner=models.F("mentor")), name="mentor_is_not_the_learner"),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} → {self.learner} ({self.get_status_display()})"


class Invitation(models.Model):
    """A learner's invitation of a mentor, kept as the learner typed it: a username or an e-mail address.

    The learner sees every open invitation alike, by what they typed, whether or not it names an account
    here, so their list never tells who is on the site or whose address it is. When it names an account,
    ``mentorship`` is the pending mentorship that account answers; an address without an account gets an
    e-mailed link (``token``) instead, which becomes a mentorship when someone accepts it. A decline leaves
    the invitation open: to the learner it reads as no answer yet, as it would for a name nobody has.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        REVOKED = "revoked", _("withdrawn")

    learner = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="mentor_invitations"
    )
    invitee = models.CharField(_("sent to"), max_length=254,
                               help_text=_("The username or e-mail address as the learner typed it."))
    # Only an e-mailed link has one: it is the credential of whoever opens the link.
    token = models.CharField(_("token"), max_length=64, unique=True, null=True, blank=True, default=None)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    # Two invitations may ask the same account (by username and by address): one mentorship answers both.
    mentorship = models.ForeignKey(
        Mentorship, verbose_name=_("mentorship"), null=True, blank=True, on_delete=models.SET_NULL,
        related_name="invitations",
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "roadmap_invitation"
        ordering = ["-created", "-id"]
        verbose_name = _("mentor invitation")
        verbose_name_plural = _("mentor invitations")

    def __str__(self) -> str:
        return f"{self.learner} invites {self.invitee} ({self.get_status_display()})"


class StepComment(models.Model):
    """A comment on one step of a learner's roadmap, by the learner or one of their mentors."""

    row = models.ForeignKey(RoadmapStep, verbose_name=_("step"), on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("author"), on_delete=models.CASCADE, related_name="+"
    )
    # Replies point at the comment that opened the thread (one level, like most review tools).
    parent = models.ForeignKey(
        "self", verbose_name=_("reply to"), null=True, blank=True, on_delete=models.CASCADE, related_name="replies"
    )
    body = models.TextField(_("comment"), max_length=5000)
    created = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        db_table = "roadmap_stepcomment"
        ordering = ["created", "id"]
        verbose_name = _("step comment")
        verbose_name_plural = _("step comments")

    def __str__(self) -> str:
        return f"{self.author} on {self.row_id}: {self.body[:40]}"


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("text"), max_length=500)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        db_table = "roadmap_notification"
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="roadmap_not_user_id_0c74c3_idx")]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return f"{self.user}: {self.text}"


class NotificationPreference(models.Model):
    """Per-user settings; a user without a row gets the defaults (e-mail on)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="notification_preference"
    )
    email = models.BooleanField(_("send notifications by e-mail too"), default=True)

    class Meta:
        db_table = "roadmap_notificationpreference"
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")

    def __str__(self) -> str:
        return f"{self.user}: e-mail {'on' if self.email else 'off'}"


class MilestoneReviewQuerySet(models.QuerySet):
    def phase_ids(self) -> list[int]:
        """The phases that have a review (callable from a template: no arguments)."""
        return list(self.values_list("phase_id", flat=True))


class MilestoneReview(models.Model):
    """The sign-off of one phase of a learner's roadmap by a mentor."""

    class Status(models.TextChoices):
        REQUESTED = "requested", _("review requested")
        IN_REVIEW = "in_review", _("in review")
        CHANGES_REQUESTED = "changes_requested", _("changes requested")
        APPROVED = "approved", _("signed off")

    roadmap = models.ForeignKey(
        LearnerRoadmap, verbose_name=_("roadmap"), on_delete=models.CASCADE, related_name="milestone_reviews"
    )
    phase = models.ForeignKey(Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("reviewer"), null=True, blank=True,
        on_delete=models.SET_NULL, related_name="+",
    )
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = MilestoneReviewQuerySet.as_manager()

    class Meta:
        db_table = "roadmap_milestonereview"
        ordering = ["phase__order", "id"]
        constraints = [models.UniqueConstraint(fields=["roadmap", "phase"], name="one_review_per_phase")]
        verbose_name = _("milestone review")
        verbose_name_plural = _("milestone reviews")

    def __str__(self) -> str:
        return f"{self.roadmap.user_id} · {self.phase} ({self.get_status_display()})"


class MilestoneEvent(models.Model):
    """The history of a milestone review: who did what, when, and what they said."""

    class Action(models.TextChoices):
        REQUESTED = "requested", _("requested a review")
        STARTED = "started", _("started the review")
        APPROVED = "approved", _("signed off")
        CHANGES_REQUESTED = "changes_requested", _("asked for changes")
        ANSWERED = "answered", _("answered")

    review = models.ForeignKey(MilestoneReview, verbose_name=_("review"), on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.CASCADE, related_name="+")
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    comment = models.TextField(_("comment"), blank=True, max_length=5000)
    created = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        db_table = "roadmap_milestoneevent"
        ordering = ["created", "id"]
        verbose_name = _("milestone event")
        verbose_name_plural = _("milestone events")

    def __str__(self) -> str:
        return f"{self.actor} {self.get_action_display()} ({self.created:%Y-%m-%d %H:%M})"

"""A learner's certification records: what they plan, booked, passed, and when it expires.

The certification catalog itself is curated content (roadmap.models.Certification).
The table keeps its name from when the model lived in roadmap (see migrations/0001).
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.models import Certification


class CertificationRecord(models.Model):
    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        PREPARING = "preparing", _("preparing")
        BOOKED = "booked", _("exam booked")
        PASSED = "passed", _("passed")
        FAILED = "failed", _("failed")
        EXPIRED = "expired", _("expired")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="certifications"
    )
    certification = models.ForeignKey(
        Certification, verbose_name=_("certification"), on_delete=models.PROTECT, related_name="records"
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PLANNED)
    exam_date = models.DateField(_("exam date"), null=True, blank=True)
    passed_on = models.DateField(_("pass date"), null=True, blank=True)
    credential_id = models.CharField(_("credential ID"), max_length=120, blank=True)
    credential_url = models.URLField(_("verification URL"), blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)
    # Reminder thresholds (90, 30, 7) already sent for the current expiry date.
    reminders_sent = models.JSONField(_("reminders sent"), default=list, blank=True)
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["user", "certification__vendor", "certification__order"]
        constraints = [
            models.UniqueConstraint(fields=["user", "certification"], name="one_record_per_certification"),
        ]
        indexes = [models.Index(fields=["expires_on"], name="roadmap_cer_expires_5bc3ee_idx")]
        db_table = "roadmap_certificationrecord"
        verbose_name = _("certification record")
        verbose_name_plural = _("certification records")

    def __str__(self) -> str:
        return f"{self.user}: {self.certification} ({self.get_status_display()})"

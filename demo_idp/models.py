"""Documents, their pages, the stage events the dashboards read, and human reviews.

Every long-running thing has a status with explicit choices; a change of status is a conditional
UPDATE from the states it may leave (`advance`), so two workers or two reviewers never both win.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Processing")
        NEEDS_REVIEW = "needs_review", _("Needs review")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    # The states each status may be entered from; checked by `advance` in the UPDATE itself.
    TRANSITIONS = {
        Status.PROCESSING: (Status.QUEUED, Status.PROCESSING),
        Status.NEEDS_REVIEW: (Status.PROCESSING,),
        Status.DONE: (Status.PROCESSING, Status.NEEDS_REVIEW),
        Status.FAILED: (Status.QUEUED, Status.PROCESSING),
        Status.QUEUED: (Status.FAILED,),
    }

    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="idp_documents"
    )
    visitor_id = models.CharField(_("visitor id"), max_length=64, blank=True, db_index=True)
    original_name = models.CharField(_("file name"), max_length=150)
    sha256 = models.CharField(max_length=64, db_index=True)
    storage_key = models.CharField(max_length=200)
    content_type = models.CharField(_("type"), max_length=10)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    page_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED, db_index=True)
    error = models.TextField(blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    sla_deadline = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["-created", "-id"]
        constraints = [
            # The same bytes from the same owner are one document (a race guard; uploads.py looks first).
            models.UniqueConstraint(
                fields=["owner", "sha256"], condition=Q(owner__isnull=False), name="idp_document_owner_sha256"
            ),
            models.UniqueConstraint(
                fields=["visitor_id", "sha256"],
                condition=Q(owner__isnull=True),
                name="idp_document_visitor_sha256",
            ),
        ]

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display()})"

    def advance(self, status: str, **fields) -> bool:
        """Move to `status` only from an allowed state; True if this call made the change."""
        changed = Document.objects.filter(pk=self.pk, status__in=self.TRANSITIONS[status]).update(
            status=status, **fields
        )
        if changed:
            self.status = status
            for name, value in fields.items():
                setattr(self, name, value)
        return changed == 1

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def overdue(self) -> bool:
        """Past its review deadline (the SLA) without being finished."""
        return self.sla_deadline is not None and self.sla_deadline < timezone.now() and not self.is_finished


class Page(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        PROCESSING = "processing", _("Processing")
        NEEDS_REVIEW = "needs_review", _("Needs review")
        REVIEWED = "reviewed", _("Reviewed")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    FINISHED = (Status.NEEDS_REVIEW, Status.REVIEWED, Status.DONE)

    class Route(models.TextChoices):
        AUTO_ACCEPTED = "auto_accepted", _("Auto-accepted")
        REVIEW = "review", _("Review")

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="pages")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.QUEUED)
    # What the worker is doing to the page now, shown live on the document page.
    stage = models.CharField(max_length=20, default="queued")
    image_key = models.CharField(max_length=200, blank=True)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    rotation = models.IntegerField(default=0, help_text=_("Degrees turned clockwise to make the page upright."))
    skew_angle = models.FloatField(default=0.0)
    orientation_method = models.CharField(max_length=20, blank=True)
    text = models.TextField(blank=True)
    words = models.JSONField(default=list, blank=True)
    mean_confidence = models.FloatField(null=True, blank=True)
    low_confidence_share = models.FloatField(null=True, blank=True)
    route = models.CharField(max_length=20, choices=Route.choices, blank=True)
    route_reason = models.CharField(max_length=300, blank=True)
    final_text = models.TextField(blank=True)
    timings = models.JSONField(default=dict, blank=True)
    started = models.DateTimeField(null=True, blank=True)
    finished = models.DateTimeField(null=True, blank=True)
    # Tries at reading the page that did not end in an error: each one that killed its worker
    # process stays counted, and the pipeline fails the page after pipeline.MAX_PAGE_ATTEMPTS.
    attempts = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["document", "number"]
        constraints = [models.UniqueConstraint(fields=["document", "number"], name="idp_page_document_number")]
        # "Pages waiting for a person" (dashboard, metrics API, /metrics) is counted on every refresh
        # and scrape: from this small index, not by reading a day of pages (millions at full volume).
        indexes = [models.Index(fields=["status"], condition=models.Q(status="needs_review"),
                                name="idp_page_waiting")]

    def __str__(self):
        return f"{self.document.original_name} p. {self.number}"


class StageEvent(models.Model):
    """Something the pipeline did, with its timing: the only source of the dashboards and /metrics.

    Processing stages (rasterise, clean, deskew, orientation, ocr, store, route) carry their
    duration; the milestones in events.py (upload, queue, page, routed, review, final, failed) also
    carry what the dashboards group by: a label (route, failure kind, on time or late), the page's
    confidence, the measured error of a review, its reviewer. Events outlive the documents they
    describe (retention deletes uploads after a day; a week of metrics stays), and hold no content.
    """

    document = models.ForeignKey(Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    page = models.ForeignKey(Page, null=True, blank=True, on_delete=models.SET_NULL, related_name="events")
    stage = models.CharField(max_length=20)
    started = models.DateTimeField()
    finished = models.DateTimeField()
    duration = models.FloatField(help_text=_("Seconds."))
    file_type = models.CharField(max_length=10, blank=True, help_text=_("The document's type, for filters."))
    label = models.CharField(max_length=40, blank=True)
    confidence = models.FloatField(null=True, blank=True, help_text=_("The page's mean word confidence."))
    error = models.FloatField(null=True, blank=True, help_text=_("Edit distance over length, from a review."))
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Set on a line's review (events.LINE_REVIEW): a page has many, one per line.
    line = models.ForeignKey("Line", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["started", "id"]
        # Every chart reads one stage over a time window, by the time the event finished; on
        # PostgreSQL the index also carries what the charts group and aggregate, so a week of a
        # busy service is read from the index alone (bench/dashboard.py: 7d API 486 -> 205 ms).
        indexes = [
            models.Index(
                fields=["stage", "finished"],
                include=["duration", "label", "file_type", "confidence", "error", "reviewer"],
                name="idp_event_stage_finished_cov",
            )
        ]

    def __str__(self):
        return f"{self.stage} {self.duration:.2f}s"


class Review(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLAIMED = "claimed", _("Claimed")
        SUBMITTED = "submitted", _("Submitted")
        UNREADABLE = "unreadable", _("Unreadable")  # finished with no text; `reason` says why

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="review")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.OPEN, db_index=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="idp_reviews"
    )
    created = models.DateTimeField(default=timezone.now)
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_expires = models.DateTimeField(null=True, blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    corrected_text = models.TextField(blank=True)
    edit_distance = models.PositiveIntegerField(null=True, blank=True)
    reason = models.CharField(_("why it cannot be read"), max_length=300, blank=True)
    # Reviewers who moved on from this page: it leaves their queue and stays in everyone else's.
    skipped_by = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="idp_skipped_reviews")

    class Meta:
        ordering = ["page__document__sla_deadline", "page__number"]

    def __str__(self):
        return f"review of {self.page} ({self.get_status_display()})"


class ThresholdChange(models.Model):
    """An applied confidence threshold T, with the calibration that recommended it.

    The latest row is the threshold the pipeline routes by (calibration.current_threshold); the
    rows before it are the history shown on the calibration page.
    """

    threshold = models.FloatField(_("threshold"), help_text=_("The page mean confidence (0-100) to auto-accept."))
    previous = models.FloatField(_("previous threshold"))
    target_error = models.FloatField(_("target error rate"), help_text=_("0.05 means 5% of characters wrong."))
    estimated_review_rate = models.FloatField(_("estimated review rate"), null=True, blank=True)
    estimated_error = models.FloatField(_("estimated error of accepted pages"), null=True, blank=True)
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("applied by"),
    )
    applied_at = models.DateTimeField(_("applied at"), default=timezone.now)

    class Meta:
        ordering = ["-applied_at", "-id"]
        verbose_name = _("threshold change")
        verbose_name_plural = _("threshold changes")
        constraints = [
            # A threshold outside 0-100 would silently send every page to review, or none.
            models.CheckConstraint(
                condition=Q(threshold__gte=0, threshold__lte=100), name="idp_threshold_change_0_100"
            ),
        ]

    def __str__(self):
        return f"{self.previous:g} -> {self.threshold:g} ({self.applied_at:%Y-%m-%d %H:%M})"


class Line(models.Model):
    """One OCR line of a page, routed on its own: accepted as read, or waiting for a person.

    lines.py holds the rules (queue, claim, correct, accept as read, the page's final text). A page
    that went whole to review (routing.route_lines said line judgement cannot be trusted) keeps its
    lines for display with status WITH_PAGE: the page's review covers them.
    """

    class Route(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted")
        REVIEW = "review", _("Review")

    class Status(models.TextChoices):
        ACCEPTED = "accepted", _("Accepted as read")
        OPEN = "open", _("Waiting for review")
        CLAIMED = "claimed", _("Claimed")
        CORRECTED = "corrected", _("Corrected")
        CONFIRMED = "confirmed", _("Confirmed as read")
        UNREADABLE = "unreadable", _("Unreadable")
        WITH_PAGE = "with_page", _("Reviewed with its page")

    # A line in one of these states has its final text; the others wait for a person.
    DECIDED = (Status.ACCEPTED, Status.CORRECTED, Status.CONFIRMED, Status.UNREADABLE, Status.WITH_PAGE)
    WAITING = (Status.OPEN, Status.CLAIMED)  # the rest: named, so the status index serves a count of them

    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="lines")
    number = models.PositiveIntegerField(help_text=_("1 for the page's first line, in reading order."))
    text = models.TextField(blank=True)
    confidence = models.FloatField(help_text=_("The line's mean word confidence, 0-100."))
    min_confidence = models.FloatField(help_text=_("Its least confident word, 0-100."))
    word_count = models.PositiveIntegerField(default=0)
    box = models.JSONField(default=list, blank=True, help_text=_("left, top, width, height on the upright page."))
    route = models.CharField(max_length=20, choices=Route.choices)
    reason = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=20, choices=Status.choices, db_index=True)
    corrected_text = models.TextField(blank=True)
    final_text = models.TextField(blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="idp_lines"
    )
    claimed_at = models.DateTimeField(null=True, blank=True)
    claim_expires = models.DateTimeField(null=True, blank=True)
    reviewed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["page", "number"]
        constraints = [models.UniqueConstraint(fields=["page", "number"], name="idp_line_page_number")]

    def __str__(self):
        return f"{self.page} line {self.number}"

    @property
    def is_decided(self) -> bool:
        return self.status in self.DECIDED


class StageRollup(models.Model):
    """The stage events of one closed bucket of time (a minute, quarter-hour, hour or day, `seconds`
    long) with the same stage, label, file type and reviewer, added up: what the dashboards read for
    closed time instead of the events themselves. Built and read by monitoring/rollups.py."""

    seconds = models.PositiveIntegerField()
    start = models.DateTimeField()
    stage = models.CharField(max_length=20)
    label = models.CharField(max_length=40, blank=True)
    file_type = models.CharField(max_length=10, blank=True)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    count = models.PositiveBigIntegerField()
    duration_sum = models.FloatField()
    # [[bin, events, seconds], ...] by rollups.DURATION_EDGES, and
    # [[whole confidence, events, reviewed, error sum, confidence sum of reviewed], ...].
    durations = models.JSONField(default=list)
    confidences = models.JSONField(default=list)

    class Meta:
        # Every read names the grain, one file type (or ALL_TYPES) and its stages over a range of
        # starts: with the file type in the index a day's dashboard reads a quarter of the heap pages
        # (bench/dashboard.py at 10M events: its counts query 11 -> 3 ms), and on PostgreSQL the
        # counts come from the index alone. Writes and purges (grain and starts) use the unique key.
        indexes = [
            models.Index(
                fields=["seconds", "file_type", "stage", "start"],
                include=["label", "reviewer", "count", "duration_sum"],
                name="idp_rollup_grain_type_stage",
            )
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["seconds", "start", "stage", "label", "file_type", "reviewer"], name="idp_rollup_bucket_key"
            )
        ]

    def __str__(self):
        return f"{self.stage} x{self.count} at {self.start:%Y-%m-%d %H:%M} ({self.seconds} s)"


class StageTotal(models.Model):
    """Every stage event ever rolled up, by stage and label: the counters /metrics shows, which only go
    up (purging old events leaves them as they are). buckets: events per Prometheus bucket, each counted
    under the first bound at or above its duration, the last for those above every bound."""

    stage = models.CharField(max_length=20)
    label = models.CharField(max_length=40, blank=True)
    count = models.PositiveBigIntegerField(default=0)
    duration_sum = models.FloatField(default=0.0)
    buckets = models.JSONField(default=list)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["stage", "label"], name="idp_stage_total_stage_label")]

    def __str__(self):
        return f"{self.stage} {self.label}: {self.count}"


class RollupState(models.Model):
    """How far the rollups reach: every minute from origin to closed_until is rolled up (one row)."""

    origin = models.DateTimeField()
    closed_until = models.DateTimeField()

    def __str__(self):
        return f"rolled up {self.origin:%Y-%m-%d %H:%M} to {self.closed_until:%Y-%m-%d %H:%M}"

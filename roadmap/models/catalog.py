"""The curated content of the advisory platform (re-exported by roadmap.models).

Every model here mirrors one kind of item in ``content/*.yaml`` (the source of
truth, loaded by ``manage.py load_content``). Rows are never deleted: an item that
disappears from the YAML is archived, so learners' progress that points at it
survives. ``curated_content = True`` gives the curator group every permission on
the model (see accounts/roles.py).
"""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from roadmap.content.sources import SOURCE_CHOICES, source_title, source_url

ACTIVE = {"archived": False}


class Cloud(models.TextChoices):
    ANY = "", _("any cloud")
    AWS = "aws", _("Amazon Web Services")
    GCP = "gcp", _("Google Cloud")
    AZURE = "azure", _("Microsoft Azure")


class ContentQuerySet(models.QuerySet):
    def active(self):
        return self.filter(archived=False)


class ContentItem(models.Model):
    """Fields shared by every curated item: a stable slug, its source document and its place."""

    curated_content = True

    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    order = models.PositiveIntegerField(
        _("order"), default=0, help_text=_("Place in its content file; lower numbers come first.")
    )
    source = models.CharField(
        _("source"),
        max_length=40,
        choices=SOURCE_CHOICES,
        help_text=_("The source document this item is drawn from."),
    )
    archived = models.BooleanField(
        _("archived"),
        default=False,
        help_text=_("Gone from the content files; kept so that learners' progress survives."),
    )
    created = models.DateTimeField(_("created"), auto_now_add=True)
    updated = models.DateTimeField(_("updated"), auto_now=True)

    objects = ContentQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "slug"]

    def __str__(self) -> str:
        return getattr(self, "title", "") or getattr(self, "name", "") or self.slug

    # Pages show these, never the file name in ``source`` (that is for curators).
    @property
    def source_title(self) -> str:
        return source_title(self.source)

    @property
    def source_url(self) -> str:
        return source_url(self.source)


class Skill(ContentItem):
    class Kind(models.TextChoices):
        TECHNICAL = "technical", _("technical")
        SOFT = "soft", _("soft")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    description = models.TextField(_("description"), blank=True)
    # Five strings, levels 1 to 5, shown by the self-assessment.
    level_descriptions = models.JSONField(_("level descriptions"), default=list)

    class Meta(ContentItem.Meta):
        verbose_name = _("skill")
        verbose_name_plural = _("skills")


class Resource(ContentItem):
    class Kind(models.TextChoices):
        COURSE = "course", _("course")
        BOOK = "book", _("book")
        WEBSITE = "website", _("website")
        CONFERENCE = "conference", _("conference")
        COMMUNITY = "community", _("community")
        VIDEO = "video", _("video")
        DOCUMENTATION = "documentation", _("documentation")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    url = models.URLField(_("URL"), blank=True)
    provider = models.CharField(_("author or provider"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)

    class Meta(ContentItem.Meta):
        verbose_name = _("resource")
        verbose_name_plural = _("resources")


class Certification(ContentItem):
    class Vendor(models.TextChoices):
        AWS = "aws", _("Amazon Web Services")
        GCP = "gcp", _("Google Cloud")
        AZURE = "azure", _("Microsoft Azure")

    class Level(models.TextChoices):
        FOUNDATIONAL = "foundational", _("foundational")
        ASSOCIATE = "associate", _("associate")
        PROFESSIONAL = "professional", _("professional")
        SPECIALTY = "specialty", _("specialty")
        EXPERT = "expert", _("expert")

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        RETIRED = "retired", _("retired")

    vendor = models.CharField(_("vendor"), max_length=8, choices=Vendor.choices)
    code = models.CharField(_("exam code"), max_length=20, blank=True)
    name = models.CharField(_("name"), max_length=200)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    validity_months = models.PositiveSmallIntegerField(
        _("valid for (months)"), null=True, blank=True, help_text=_("Empty: the certification does not expire.")
    )
    renewal = models.TextField(_("how to renew"), blank=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.ACTIVE)
    retired_on = models.DateField(_("retired on"), null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self",
        verbose_name=_("replaced by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="replaces",
        limit_choices_to=ACTIVE,
    )
    url = models.URLField(_("URL"), blank=True)
    note = models.TextField(_("note"), blank=True, help_text=_("Say here when a source document names a retired exam."))

    class Meta(ContentItem.Meta):
        verbose_name = _("certification")
        verbose_name_plural = _("certifications")

    def __str__(self) -> str:
        return f"{self.name} ({self.code})" if self.code else self.name


class Phase(ContentItem):
    """A roadmap phase; the seeds give 3-6, 6-12 and 6-12 months."""

    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    min_months = models.PositiveSmallIntegerField(_("minimum months"))
    max_months = models.PositiveSmallIntegerField(_("maximum months"))

    class Meta(ContentItem.Meta):
        verbose_name = _("phase")
        verbose_name_plural = _("phases")


class LifecyclePhase(ContentItem):
    """One of the five phases of the ML lifecycle (seed 000)."""

    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)

    class Meta(ContentItem.Meta):
        verbose_name = _("ML lifecycle phase")
        verbose_name_plural = _("ML lifecycle phases")


class TargetRole(ContentItem):
    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    skills = models.ManyToManyField(
        Skill, through="RoleSkill", verbose_name=_("required skills"), related_name="roles"
    )

    class Meta(ContentItem.Meta):
        verbose_name = _("target role")
        verbose_name_plural = _("target roles")


class RoleSkill(models.Model):
    """The level (1-5) a target role requires in a skill; gap analysis reads it."""

    curated_content = True

    role = models.ForeignKey(TargetRole, verbose_name=_("role"), on_delete=models.CASCADE, related_name="role_skills")
    skill = models.ForeignKey(
        Skill, verbose_name=_("skill"), on_delete=models.PROTECT, related_name="role_skills", limit_choices_to=ACTIVE
    )
    level = models.PositiveSmallIntegerField(
        _("required level"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        ordering = ["role", "pk"]
        verbose_name = _("required skill level")
        verbose_name_plural = _("required skill levels")
        constraints = [models.UniqueConstraint(fields=["role", "skill"], name="roadmap_roleskill_unique")]

    def __str__(self) -> str:
        return f"{self.role}: {self.skill} {self.level}"


class PortfolioProject(ContentItem):
    """The capstone template; ``demo_path`` links to the live demo that implements it."""

    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    demo_path = models.CharField(_("demo path"), max_length=200, blank=True)
    enhancements = models.JSONField(_("enhancement ideas"), default=list, blank=True)

    class Meta(ContentItem.Meta):
        verbose_name = _("portfolio project")
        verbose_name_plural = _("portfolio projects")


class PortfolioStep(ContentItem):
    project = models.ForeignKey(
        PortfolioProject, verbose_name=_("project"), on_delete=models.PROTECT, related_name="steps"
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    cloud_service = models.CharField(_("cloud service named in the source"), max_length=200, blank=True)
    demo_feature = models.TextField(_("where the demo does it"), blank=True)

    class Meta(ContentItem.Meta):
        ordering = ["project__order", "order", "slug"]
        verbose_name = _("portfolio project step")
        verbose_name_plural = _("portfolio project steps")


class Step(ContentItem):
    class Kind(models.TextChoices):
        LEARN = "learn", _("learn")
        PRACTICE = "practice", _("practice")
        PROJECT = "project", _("project")
        CERTIFICATION = "certification", _("certification")
        COMMUNITY = "community", _("community")

    phase = models.ForeignKey(Phase, verbose_name=_("phase"), on_delete=models.PROTECT, related_name="steps")
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"))
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.LEARN)
    estimated_hours = models.PositiveSmallIntegerField(_("estimated hours"))
    # Empty: every learner takes the step; otherwise only those who prefer that cloud.
    cloud = models.CharField(_("cloud"), max_length=8, choices=Cloud.choices, blank=True, default=Cloud.ANY)
    skills = models.ManyToManyField(Skill, verbose_name=_("skills"), related_name="steps", limit_choices_to=ACTIVE)
    prerequisites = models.ManyToManyField(
        "self",
        verbose_name=_("prerequisites"),
        symmetrical=False,
        blank=True,
        related_name="unlocks",
        limit_choices_to=ACTIVE,
    )
    resources = models.ManyToManyField(
        Resource, verbose_name=_("resources"), blank=True, related_name="steps", limit_choices_to=ACTIVE
    )
    # Empty: every target role needs the step.
    target_roles = models.ManyToManyField(
        TargetRole, verbose_name=_("target roles"), blank=True, related_name="steps", limit_choices_to=ACTIVE
    )
    certification = models.ForeignKey(
        Certification,
        verbose_name=_("certification"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps",
        limit_choices_to=ACTIVE,
    )
    portfolio_project = models.ForeignKey(
        PortfolioProject,
        verbose_name=_("portfolio project"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steps_using",
        limit_choices_to=ACTIVE,
    )

    class Meta(ContentItem.Meta):
        ordering = ["phase__order", "order", "slug"]
        verbose_name = _("step")
        verbose_name_plural = _("steps")


class Background(ContentItem):
    """A career path by starting point: what the learner already brings."""

    name = models.CharField(_("name"), max_length=200)
    summary = models.TextField(_("summary"), blank=True)
    covers_skills = models.ManyToManyField(
        Skill, verbose_name=_("skills it brings"), blank=True, related_name="backgrounds", limit_choices_to=ACTIVE
    )
    skips_steps = models.ManyToManyField(
        Step, verbose_name=_("steps it can skip"), blank=True, related_name="skipped_by", limit_choices_to=ACTIVE
    )
    skip_reason = models.TextField(_("why those steps are skipped"), blank=True)

    class Meta(ContentItem.Meta):
        verbose_name = _("career path (by background)")
        verbose_name_plural = _("career paths (by background)")


class GlossaryTerm(ContentItem):
    """A word the roadmap uses, defined plainly; the glossary page groups the terms by category."""

    class Category(models.TextChoices):  # in the order the glossary page shows them
        ML_CONCEPTS = "ml-concepts", _("ML concepts")
        DATA = "data", _("Data preparation")
        DEPLOYMENT = "deployment", _("Deployment and serving")
        MLOPS = "mlops", _("MLOps tools and practices")
        CLOUD = "cloud", _("Cloud services")
        SYSTEMS = "systems", _("System design")

    term = models.CharField(_("term"), max_length=120)
    definition = models.TextField(_("definition"))
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)

    class Meta(ContentItem.Meta):
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary terms")

    def __str__(self) -> str:
        return self.term


class ContentRevision(models.Model):
    """The digest of the content files at each load, so `make run` reloads only what changed
    (and a curator's admin edits survive a restart until the YAML itself changes)."""

    digest = models.CharField(_("digest"), max_length=64)
    directory = models.CharField(_("directory"), max_length=500)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)

    class Meta:
        ordering = ["-loaded_at", "-id"]
        verbose_name = _("content revision")
        verbose_name_plural = _("content revisions")

    def __str__(self) -> str:
        return f"{self.digest[:12]} ({self.loaded_at:%Y-%m-%d %H:%M})"

"""Admin for the curated content: curators edit here, then `manage.py export_content` writes YAML.

Content is archived, never deleted, because learners' progress points at it; so the
admin offers "archive" and "restore" actions instead of deletion.
"""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from roadmap import models
from roadmap.planning import Answers, automatic_skip, steps_for_role


class ContentAdmin(admin.ModelAdmin):
    list_filter = ["archived", "source"]
    readonly_fields = ["created", "updated"]
    actions = ["archive", "restore"]
    list_per_page = 100

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Archive the selected items"))
    def archive(self, request, queryset):
        count = queryset.update(archived=True)
        self.message_user(request, _("%(count)d items archived.") % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Restore the selected items"))
    def restore(self, request, queryset):
        count = queryset.update(archived=False)
        self.message_user(request, _("%(count)d items restored.") % {"count": count}, messages.SUCCESS)


class StepInline(admin.TabularInline):
    model = models.Step
    fields = ["order", "slug", "title", "kind", "estimated_hours", "cloud", "archived"]
    extra = 0
    show_change_link = True
    can_delete = False


class RoleSkillInline(admin.TabularInline):
    model = models.RoleSkill
    fields = ["skill", "level"]
    autocomplete_fields = ["skill"]
    extra = 0


class PortfolioStepInline(admin.TabularInline):
    model = models.PortfolioStep
    fields = ["order", "slug", "title", "cloud_service", "source", "archived"]
    extra = 0
    show_change_link = True
    can_delete = False


@admin.register(models.Skill)
class SkillAdmin(ContentAdmin):
    list_display = ["name", "slug", "kind", "archived"]
    list_filter = ["archived", "kind", "source"]
    search_fields = ["slug", "name", "description"]


@admin.register(models.Resource)
class ResourceAdmin(ContentAdmin):
    list_display = ["title", "kind", "provider", "url", "archived"]
    list_filter = ["archived", "kind", "source"]
    search_fields = ["slug", "title", "provider", "description"]


@admin.register(models.Certification)
class CertificationAdmin(ContentAdmin):
    list_display = ["name", "code", "vendor", "level", "validity_months", "status", "archived"]
    list_filter = ["archived", "vendor", "level", "status"]
    search_fields = ["slug", "code", "name", "note"]
    autocomplete_fields = ["replaced_by"]


@admin.register(models.Phase)
class PhaseAdmin(ContentAdmin):
    list_display = ["order", "name", "min_months", "max_months", "archived"]
    list_display_links = ["name"]
    search_fields = ["slug", "name"]
    inlines = [StepInline]


@admin.register(models.LifecyclePhase)
class LifecyclePhaseAdmin(ContentAdmin):
    list_display = ["order", "name", "archived"]
    list_display_links = ["name"]
    search_fields = ["slug", "name", "summary"]


@admin.register(models.TargetRole)
class TargetRoleAdmin(ContentAdmin):
    list_display = ["name", "slug", "archived"]
    search_fields = ["slug", "name"]
    inlines = [RoleSkillInline]


@admin.register(models.PortfolioProject)
class PortfolioProjectAdmin(ContentAdmin):
    list_display = ["title", "demo_path", "archived"]
    search_fields = ["slug", "title"]
    inlines = [PortfolioStepInline]


@admin.register(models.PortfolioStep)
class PortfolioStepAdmin(ContentAdmin):
    list_display = ["order", "title", "project", "cloud_service", "archived"]
    list_display_links = ["title"]
    list_filter = ["archived", "project"]
    search_fields = ["slug", "title", "summary"]


@admin.register(models.Step)
class StepAdmin(ContentAdmin):
    list_display = ["order", "title", "phase", "kind", "estimated_hours", "cloud", "archived"]
    list_display_links = ["title"]
    list_filter = ["archived", "phase", "kind", "cloud", "target_roles", "source"]
    search_fields = ["slug", "title", "summary"]
    filter_horizontal = ["skills", "prerequisites", "resources", "target_roles"]
    autocomplete_fields = ["certification", "portfolio_project"]
    list_select_related = ["phase"]


@admin.register(models.GlossaryTerm)
class GlossaryTermAdmin(ContentAdmin):
    list_display = ["term", "slug", "category", "archived"]
    list_filter = ["archived", "category", "source"]
    search_fields = ["slug", "term", "definition"]


@admin.register(models.Background)
class BackgroundAdmin(ContentAdmin):
    list_display = ["name", "slug", "archived"]
    search_fields = ["slug", "name", "summary"]
    filter_horizontal = ["covers_skills", "skips_steps"]
    change_form_template = "roadmap/background_preview_link.html"

    def get_urls(self):
        preview = self.admin_site.admin_view(lambda request, pk: preview_view(self, request, pk))
        return [path("<int:pk>/preview/", preview, name="roadmap_background_preview"), *super().get_urls()]


# --- A preview of a career path as a new learner sees it ---

def preview_rows(background, role) -> list[tuple[object, list[tuple[object, str]]]]:
    """The steps a new learner with this background and target role gets, by phase, with skip reasons."""
    answers = Answers(background, role, 0, (), timezone.localdate())
    covered = set(background.covers_skills.values_list("id", flat=True))
    skipped = set(background.skips_steps.values_list("id", flat=True))
    phases: dict[int, tuple[object, list]] = {}
    for step in steps_for_role(role):
        skip = automatic_skip(step, answers, covered_skills=covered, skipped_ids=skipped)
        phases.setdefault(step.phase_id, (step.phase, []))[1].append((step, skip[1] if skip else ""))
    return list(phases.values())


def preview_view(model_admin, request, pk):
    """A path as a new learner with this background sees it. Template: roadmap/background_preview.html."""
    background = models.Background.objects.get(pk=pk)
    roles = models.TargetRole.objects.active()
    role = roles.filter(slug=request.GET.get("role")).first() or roles.first()
    context = {**model_admin.admin_site.each_context(request), "background": background, "roles": roles,
               "role": role, "phases": preview_rows(background, role) if role else [],
               "opts": model_admin.model._meta, "title": _("Preview: %(path)s") % {"path": background.name}}
    return TemplateResponse(request, "roadmap/background_preview.html", context)

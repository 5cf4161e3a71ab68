"""Curators assign mentors here; only the two people can end a mentorship, or a curator here."""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import CURATOR, has_role

from . import invitations
from .models import Mentorship


@admin.register(Mentorship)
class MentorshipAdmin(admin.ModelAdmin):
    """Curators pair learners with mentors (active at once); only the two people can end it, or a curator here."""

    list_display = ["learner", "mentor", "status", "assigned_by", "created", "ended_at"]
    list_filter = ["status"]
    search_fields = ["learner__username", "mentor__username", "learner__email", "mentor__email"]
    fields = ["learner", "mentor"]
    actions = ["end_selected"]

    def has_module_permission(self, request) -> bool:
        return has_role(request.user, CURATOR)

    has_view_permission = has_add_permission = lambda self, request, obj=None: has_role(request.user, CURATOR)

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        kwargs["queryset"] = get_user_model().objects.filter(is_active=True).order_by("username")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        assigned = invitations.assign(learner=obj.learner, mentor=obj.mentor, by=request.user)
        obj.pk = assigned.pk

    @admin.action(description=_("End the selected mentorships"))
    def end_selected(self, request, queryset):
        count = queryset.filter(status__in=[Mentorship.Status.PENDING, Mentorship.Status.ACTIVE]).update(
            status=Mentorship.Status.ENDED, ended_at=timezone.now(), ended_by=request.user)
        self.message_user(request, _("%(count)d mentorships ended.") % {"count": count}, messages.SUCCESS)

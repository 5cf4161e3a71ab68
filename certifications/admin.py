"""Learners' certification records, for support: browse and correct, the rules still apply on the site."""

from django.contrib import admin

from .models import CertificationRecord


@admin.register(CertificationRecord)
class CertificationRecordAdmin(admin.ModelAdmin):
    list_display = ["user", "certification", "status", "exam_date", "passed_on", "expires_on"]
    list_filter = ["status", "certification__vendor"]
    search_fields = ["user__username", "certification__name", "certification__code", "credential_id"]
    list_select_related = ["user", "certification"]
    autocomplete_fields = ["certification"]
    raw_id_fields = ["user"]
    readonly_fields = ["expires_on", "reminders_sent", "created", "updated"]

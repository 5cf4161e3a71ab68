from django.contrib import admin

from .models import Document, Page, Review, StageEvent, ThresholdChange


class PageInline(admin.TabularInline):
    model = Page
    fields = ["number", "status", "stage", "rotation", "mean_confidence", "route", "route_reason"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["id", "original_name", "status", "page_count", "owner", "created", "sla_deadline"]
    list_filter = ["status", "content_type"]
    search_fields = ["original_name", "sha256", "visitor_id"]
    readonly_fields = ["sha256", "storage_key", "size", "created", "started", "finished"]
    inlines = [PageInline]


@admin.register(Page)
class PageAdmin(admin.ModelAdmin):
    list_display = ["id", "document", "number", "status", "route", "mean_confidence"]
    list_filter = ["status", "route"]
    raw_id_fields = ["document"]


@admin.register(Review)
class ReviewAdmin(admin.ModelAdmin):
    list_display = ["id", "page", "status", "reviewer", "claim_expires", "submitted_at", "edit_distance"]
    list_filter = ["status"]
    raw_id_fields = ["page", "reviewer"]


@admin.register(StageEvent)
class StageEventAdmin(admin.ModelAdmin):
    list_display = ["id", "document", "page", "stage", "started", "duration", "label", "confidence", "error"]
    list_filter = ["stage", "file_type"]
    raw_id_fields = ["document", "page", "reviewer"]


@admin.register(ThresholdChange)
class ThresholdChangeAdmin(admin.ModelAdmin):
    """The record of applied thresholds: read only, a change is made on the calibration page."""

    list_display = ["applied_at", "previous", "threshold", "target_error", "estimated_review_rate",
                    "estimated_error", "applied_by"]
    readonly_fields = list_display

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        # Deleting the latest row would change the routing threshold with no record of it.
        return False

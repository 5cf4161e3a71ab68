"""Admin for the question bank and the diagnostics; curators edit here, then `manage.py export_content`.

Learners' attempts and self-ratings are not in the admin: they are the learner's own.
"""

from django.contrib import admin

from roadmap.admin import ContentAdmin

from .models import Assessment, Choice, Question


class ChoiceInline(admin.TabularInline):
    model = Choice
    fields = ["position", "key", "text", "correct", "archived"]
    extra = 0
    can_delete = False


@admin.register(Question)
class QuestionAdmin(ContentAdmin):
    list_display = ["slug", "type", "topic", "difficulty", "scoring", "source", "archived"]
    list_filter = ["type", "topic", "difficulty", *ContentAdmin.list_filter]
    search_fields = ["slug", "text"]
    filter_horizontal = ["skills"]
    inlines = [ChoiceInline]


@admin.register(Assessment)
class AssessmentAdmin(ContentAdmin):
    list_display = ["slug", "title", "kind", "phase", "question_count", "time_limit_minutes", "archived"]
    search_fields = ["slug", "title"]
    filter_horizontal = ["skills"]

from django.urls import path

from . import views

app_name = "assessments"

urlpatterns = [
    path("", views.assessment_list, name="list"),
    path("<slug:slug>/start/", views.start, name="start"),
    path("attempts/<int:pk>/", views.take, name="take"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("self-assessment/", views.self_assessment, name="self_assessment"),
    path("gap-analysis/", views.gap_analysis_page, name="gap"),
    path("gap-analysis/apply/", views.apply_gap, name="gap_apply"),
    path("gap-analysis/undo/", views.undo_gap, name="gap_undo"),
]

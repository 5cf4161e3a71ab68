from django.urls import path

from . import api

urlpatterns = [
    path("roadmap/", api.RoadmapView.as_view(), name="api-roadmap"),
    path("roadmap/steps/<int:pk>/", api.RoadmapStepView.as_view(), name="api-roadmap-step"),
    path("study-sessions/", api.StudySessionList.as_view(), name="api-study-sessions"),
    path("study-sessions/<int:pk>/", api.StudySessionDetail.as_view(), name="api-study-session"),
]

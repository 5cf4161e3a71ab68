from django.urls import path

from . import views

app_name = "roadmap"

urlpatterns = [
    path("", views.dashboard, name="dashboard"),
    path("plan/", views.questionnaire, name="questionnaire"),
    path("steps/<int:pk>/", views.update_step, name="update_step"),
    path("map/", views.step_map, name="map"),
    path("glossary/", views.glossary, name="glossary"),
    path("map/steps/<int:pk>/", views.map_step, name="map_step"),
    path("log/", views.study_log, name="study_log"),
    path("log/<int:pk>/edit/", views.edit_session, name="edit_session"),
    path("log/<int:pk>/delete/", views.delete_session, name="delete_session"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar"),
    path("calendar/reset/", views.reset_calendar, name="reset_calendar"),
]

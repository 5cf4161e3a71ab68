"""Mentoring pages (included under /roadmap/mentors/, names in the mentoring namespace)."""

from django.urls import path

from . import views

app_name = "mentoring"

urlpatterns = [
    path("", views.mentees, name="mentees"),
    path("mine/", views.mentorships, name="mentorships"),
    path("<int:pk>/accept/", views.respond, {"accept": True}, name="mentorship_accept"),
    path("<int:pk>/decline/", views.respond, {"accept": False}, name="mentorship_decline"),
    path("<int:pk>/end/", views.end, name="mentorship_end"),
    path("invitations/<str:token>/", views.invitation, name="invitation"),
    path("invitations/<int:pk>/withdraw/", views.withdraw, name="invitation_withdraw"),
    path("mentees/<str:username>/", views.mentee_roadmap, name="mentee_roadmap"),
    path("mentees/<str:username>/log/", views.mentee_log, name="mentee_log"),
    path("mentees/<str:username>/certifications/", views.mentee_certifications, name="mentee_certifications"),
    path("mentees/<str:username>/assessments/", views.mentee_assessments, name="mentee_assessments"),
    path("steps/<int:pk>/comments/", views.step_comments, name="step_comments"),
    path("phases/<int:pk>/request-review/", views.request_review, name="milestone_request"),
    path("reviews/<int:pk>/", views.milestone, name="milestone"),
    path("notifications/", views.notifications, name="notifications"),
]

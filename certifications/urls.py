"""Certification catalog and tracker pages (included under /roadmap/certifications/)."""

from django.urls import path

from . import views

app_name = "certifications"

urlpatterns = [
    path("", views.tracker, name="tracker"),
    path("catalog/", views.catalog, name="catalog"),
    path("add/", views.add, name="add"),
    path("<int:pk>/edit/", views.edit, name="edit"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]

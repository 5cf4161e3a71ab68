"""Certification catalog and tracker pages (included under /roadmap/certifications/)."""

from django.urls import path

from . import cert_views as views

urlpatterns = [
    path("", views.tracker, name="certifications"),
    path("catalog/", views.catalog, name="certification_catalog"),
    path("add/", views.add, name="certification_add"),
    path("<int:pk>/edit/", views.edit, name="certification_edit"),
    path("<int:pk>/delete/", views.delete, name="certification_delete"),
]

"""Certification catalog and records API (included under /api/)."""

urlpatterns: list = []

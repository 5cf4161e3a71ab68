"""Certification catalog and tracker pages (included under /roadmap/certifications/)."""

urlpatterns: list = []

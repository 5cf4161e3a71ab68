"""Export and import of a learner's data (included under /roadmap/)."""

from django.urls import path

from . import portability_views

urlpatterns = [
    path("export/", portability_views.export, name="export"),
    path("import/", portability_views.import_view, name="import"),
]

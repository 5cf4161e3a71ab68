"""Export and import of a learner's data (included under /roadmap/)."""

from django.urls import path

from . import views

app_name = "portability"

urlpatterns = [
    path("export/", views.export, name="export"),
    path("import/", views.import_view, name="import"),
]

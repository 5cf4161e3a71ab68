"""Export and import of a learner's data (included under /roadmap/)."""

urlpatterns: list = []

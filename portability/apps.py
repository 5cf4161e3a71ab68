from django.apps import AppConfig


class PortabilityConfig(AppConfig):
    """A learner's data export and import: above roadmap, certifications and mentoring, which it reads."""

    name = "portability"
    verbose_name = "Data export and import"

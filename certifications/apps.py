from django.apps import AppConfig


class CertificationsConfig(AppConfig):
    name = "certifications"
    verbose_name = "Certifications"

    def ready(self):
        # roadmap sits below this app and must not import it; it asks its providers instead.
        from roadmap import providers

        from . import records

        providers.register_exams(records.scheduled_exams)
        providers.register_panel(records.dashboard_panel)

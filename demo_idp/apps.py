from django.apps import AppConfig
from django.db.backends.signals import connection_created


class DemoIdpConfig(AppConfig):
    name = "demo_idp"
    verbose_name = "Document-processing demo"

    def ready(self):
        from .monitoring.aggregates import register_sqlite_functions

        # SQLite has no percentile of its own; the metrics need one on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="demo_idp_sqlite_percentile")

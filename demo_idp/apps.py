from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate

# Who may apply a calibrated routing threshold (views/calibration.py): the curators, as a role.
APPLY_THRESHOLD = "add_thresholdchange"


def curators_apply_thresholds(sender, **kwargs):
    """Give the curator role the permission to apply a threshold, after every migrate (and every
    test database flush), as accounts gives the roles theirs: a plain reviewer has no say."""
    from django.contrib.auth.models import Permission

    from accounts.roles import CURATOR, ensure_roles

    permission = Permission.objects.filter(content_type__app_label="demo_idp", codename=APPLY_THRESHOLD).first()
    if permission is not None:  # created by auth's own post_migrate, which runs first
        ensure_roles()[CURATOR].permissions.add(permission)


class DemoIdpConfig(AppConfig):
    name = "demo_idp"
    verbose_name = "Document-processing demo"

    def ready(self):
        from .monitoring.aggregates import register_sqlite_functions

        # SQLite has no percentile of its own; the metrics need one on every connection.
        connection_created.connect(register_sqlite_functions, dispatch_uid="demo_idp_sqlite_percentile")
        post_migrate.connect(curators_apply_thresholds, sender=self, dispatch_uid="demo_idp_curators_apply")

"""Migration helpers for a model that moves to another app and keeps its table.

Django names a model's content type by app label; after a move the old row would be
orphaned and a new one created, taking the permissions and admin log entries with the
old. Renaming the row instead keeps them attached. Used by certifications and mentoring
migrations 0001; keep it free of imports from the apps so old migrations stay loadable.
"""

from django.db import migrations


def rename_content_types(*, old_label: str, new_label: str, models: list[str]) -> migrations.RunPython:
    """A RunPython that moves the content types of `models` (lower-case names) from one app label to the other."""

    def relabel(source: str, target: str):
        def run(apps, schema_editor):
            ContentType = apps.get_model("contenttypes", "ContentType")
            db = schema_editor.connection.alias
            for model in models:
                old = ContentType.objects.using(db).filter(app_label=source, model=model)
                if old.exists():
                    # A row under the target label can only come from a post_migrate run in between: it holds
                    # nothing yet, while the old one holds the permissions and log entries.
                    ContentType.objects.using(db).filter(app_label=target, model=model).delete()
                    old.update(app_label=target)

        return run

    return migrations.RunPython(relabel(old_label, new_label), relabel(new_label, old_label), elidable=False)

# A reviewer may give a claim back, skip a page (it leaves their queue only) or finish it as
# unreadable with a reason.

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("demo_idp", "0004_covering_event_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AlterField(
            model_name="review",
            name="status",
            field=models.CharField(
                choices=[("open", "Open"), ("claimed", "Claimed"), ("submitted", "Submitted"),
                         ("unreadable", "Unreadable")],
                db_index=True, default="open", max_length=20,
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="reason",
            field=models.CharField(blank=True, max_length=300, verbose_name="why it cannot be read"),
        ),
        migrations.AddField(
            model_name="review",
            name="skipped_by",
            field=models.ManyToManyField(blank=True, related_name="idp_skipped_reviews", to=settings.AUTH_USER_MODEL),
        ),
    ]

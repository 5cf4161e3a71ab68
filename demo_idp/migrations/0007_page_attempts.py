# A page counts the tries at reading it, so one that kills its worker every time fails after three.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("demo_idp", "0006_lines"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
    ]

"""Certifications models moved out of roadmap: the same tables and rows, a new app label.

State only (SeparateDatabaseAndState): the tables keep their roadmap_* names. roadmap's
0005 then drops the models from its own state. The content types are renamed so existing
permissions and admin log entries follow the models.
"""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

from core.moved_models import rename_content_types


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('roadmap', '0004_mentoring'),
        ('contenttypes', '0002_remove_content_type_name'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='CertificationRecord',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('planned', 'planned'), ('preparing', 'preparing'), ('booked', 'exam booked'), ('passed', 'passed'), ('failed', 'failed'), ('expired', 'expired')], default='planned', max_length=12, verbose_name='status')),
                        ('exam_date', models.DateField(blank=True, null=True, verbose_name='exam date')),
                        ('passed_on', models.DateField(blank=True, null=True, verbose_name='pass date')),
                        ('credential_id', models.CharField(blank=True, max_length=120, verbose_name='credential ID')),
                        ('credential_url', models.URLField(blank=True, verbose_name='verification URL')),
                        ('expires_on', models.DateField(blank=True, null=True, verbose_name='expires on')),
                        ('reminders_sent', models.JSONField(blank=True, default=list, verbose_name='reminders sent')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('certification', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='records', to='roadmap.certification', verbose_name='certification')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='certifications', to=settings.AUTH_USER_MODEL, verbose_name='learner')),
                    ],
                    options={
                        'verbose_name': 'certification record',
                        'verbose_name_plural': 'certification records',
                        'db_table': 'roadmap_certificationrecord',
                        'ordering': ['user', 'certification__vendor', 'certification__order'],
                        'indexes': [models.Index(fields=['expires_on'], name='roadmap_cer_expires_5bc3ee_idx')],
                        'constraints': [models.UniqueConstraint(fields=('user', 'certification'), name='one_record_per_certification')],
                    },
                ),
            ],
        ),
        rename_content_types(old_label="roadmap", new_label="certifications", models=['certificationrecord']),
    ]

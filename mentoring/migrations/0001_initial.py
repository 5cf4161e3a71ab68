"""Mentoring models moved out of roadmap: the same tables and rows, a new app label.

State only (SeparateDatabaseAndState): the tables keep their roadmap_* names. roadmap's
0005 then drops the models from its own state. The content types are renamed so existing
permissions and admin log entries follow the models.
"""

import django.db.models.deletion
import mentoring.models
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
                    name='Mentorship',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('pending', 'invited'), ('active', 'active'), ('declined', 'declined'), ('ended', 'ended')], default='pending', max_length=10, verbose_name='status')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('responded_at', models.DateTimeField(blank=True, null=True, verbose_name='accepted or declined at')),
                        ('ended_at', models.DateTimeField(blank=True, null=True, verbose_name='ended at')),
                        ('assigned_by', models.ForeignKey(blank=True, help_text='The curator who assigned this mentor, if the learner did not invite them.', null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='assigned by')),
                        ('ended_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='ended by')),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentorships', to=settings.AUTH_USER_MODEL, verbose_name='learner')),
                        ('mentor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='menteeships', to=settings.AUTH_USER_MODEL, verbose_name='mentor')),
                    ],
                    options={
                        'verbose_name': 'mentorship',
                        'verbose_name_plural': 'mentorships',
                        'db_table': 'roadmap_mentorship',
                        'ordering': ['-created', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='Invitation',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.EmailField(max_length=254, verbose_name='e-mail')),
                        ('token', models.CharField(default=mentoring.models.new_invitation_token, max_length=64, unique=True, verbose_name='token')),
                        ('status', models.CharField(choices=[('open', 'open'), ('accepted', 'accepted'), ('declined', 'declined'), ('revoked', 'revoked')], default='open', max_length=10, verbose_name='status')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('learner', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='mentor_invitations', to=settings.AUTH_USER_MODEL, verbose_name='learner')),
                        ('mentorship', models.OneToOneField(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to='mentoring.mentorship', verbose_name='mentorship')),
                    ],
                    options={
                        'verbose_name': 'mentor invitation',
                        'verbose_name_plural': 'mentor invitations',
                        'db_table': 'roadmap_invitation',
                        'ordering': ['-created', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='MilestoneReview',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('status', models.CharField(choices=[('requested', 'review requested'), ('in_review', 'in review'), ('changes_requested', 'changes requested'), ('approved', 'signed off')], default='requested', max_length=20, verbose_name='status')),
                        ('updated', models.DateTimeField(auto_now=True, verbose_name='updated')),
                        ('phase', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='roadmap.phase', verbose_name='phase')),
                        ('reviewer', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='reviewer')),
                        ('roadmap', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='milestone_reviews', to='roadmap.learnerroadmap', verbose_name='roadmap')),
                    ],
                    options={
                        'verbose_name': 'milestone review',
                        'verbose_name_plural': 'milestone reviews',
                        'db_table': 'roadmap_milestonereview',
                        'ordering': ['phase__order', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='MilestoneEvent',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('action', models.CharField(choices=[('requested', 'requested a review'), ('started', 'started the review'), ('approved', 'signed off'), ('changes_requested', 'asked for changes'), ('answered', 'answered')], max_length=20, verbose_name='action')),
                        ('comment', models.TextField(blank=True, max_length=5000, verbose_name='comment')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='when')),
                        ('actor', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='by')),
                        ('review', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='events', to='mentoring.milestonereview', verbose_name='review')),
                    ],
                    options={
                        'verbose_name': 'milestone event',
                        'verbose_name_plural': 'milestone events',
                        'db_table': 'roadmap_milestoneevent',
                        'ordering': ['created', 'id'],
                    },
                ),
                migrations.CreateModel(
                    name='Notification',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('text', models.CharField(max_length=500, verbose_name='text')),
                        ('url', models.CharField(blank=True, max_length=500, verbose_name='link')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('read_at', models.DateTimeField(blank=True, null=True, verbose_name='read at')),
                        ('user', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='notifications', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'notification',
                        'verbose_name_plural': 'notifications',
                        'db_table': 'roadmap_notification',
                        'ordering': ['-created', '-id'],
                    },
                ),
                migrations.CreateModel(
                    name='NotificationPreference',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('email', models.BooleanField(default=True, verbose_name='send notifications by e-mail too')),
                        ('user', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, related_name='notification_preference', to=settings.AUTH_USER_MODEL, verbose_name='user')),
                    ],
                    options={
                        'verbose_name': 'notification preference',
                        'verbose_name_plural': 'notification preferences',
                        'db_table': 'roadmap_notificationpreference',
                    },
                ),
                migrations.CreateModel(
                    name='StepComment',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('body', models.TextField(max_length=5000, verbose_name='comment')),
                        ('created', models.DateTimeField(auto_now_add=True, verbose_name='created')),
                        ('author', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to=settings.AUTH_USER_MODEL, verbose_name='author')),
                        ('parent', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE, related_name='replies', to='mentoring.stepcomment', verbose_name='reply to')),
                        ('row', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='roadmap.roadmapstep', verbose_name='step')),
                    ],
                    options={
                        'verbose_name': 'step comment',
                        'verbose_name_plural': 'step comments',
                        'db_table': 'roadmap_stepcomment',
                        'ordering': ['created', 'id'],
                    },
                ),
                migrations.AddConstraint(
                    model_name='mentorship',
                    constraint=models.UniqueConstraint(condition=models.Q(('status__in', ['pending', 'active'])), fields=('learner', 'mentor'), name='one_open_mentorship_per_pair'),
                ),
                migrations.AddConstraint(
                    model_name='mentorship',
                    constraint=models.CheckConstraint(condition=models.Q(('learner', models.F('mentor')), _negated=True), name='mentor_is_not_the_learner'),
                ),
                migrations.AddConstraint(
                    model_name='milestonereview',
                    constraint=models.UniqueConstraint(fields=('roadmap', 'phase'), name='one_review_per_phase'),
                ),
                migrations.AddIndex(
                    model_name='notification',
                    index=models.Index(fields=['user', 'read_at'], name='roadmap_not_user_id_0c74c3_idx'),
                ),
            ],
        ),
        rename_content_types(old_label="roadmap", new_label="mentoring", models=['mentorship', 'invitation', 'stepcomment', 'notification', 'notificationpreference', 'milestonereview', 'milestoneevent']),
    ]

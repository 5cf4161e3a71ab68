"""Every invitation is kept as the learner typed it, whether or not it names an account.

Invitation.email becomes ``invitee`` (a username or an address); ``token`` is only for e-mailed links;
one mentorship may answer several invitations (by username and by address). Each mentorship still
waiting for an answer gets the invitation the learner now sees instead of the mentor's account: named
by the mentor's username, which is what the learner's list showed for it before.
"""

from django.db import migrations, models
import django.db.models.deletion


def invitations_for_pending_mentorships(apps, schema_editor):
    Mentorship = apps.get_model("mentoring", "Mentorship")
    Invitation = apps.get_model("mentoring", "Invitation")
    waiting = (Mentorship.objects.filter(status="pending", assigned_by__isnull=True, invitations__isnull=True)
               .select_related("mentor"))
    for mentorship in waiting.iterator():
        invitation = Invitation.objects.create(learner_id=mentorship.learner_id, invitee=mentorship.mentor.username,
                                               mentorship=mentorship, status="open")
        Invitation.objects.filter(pk=invitation.pk).update(created=mentorship.created)


def drop_invitations_without_link(apps, schema_editor):
    """Back to the schema where every invitation was an e-mailed link: those that were not go (the
    mentorships they asked for stay, and the old code lists those)."""
    apps.get_model("mentoring", "Invitation").objects.filter(token__isnull=True).delete()


class Migration(migrations.Migration):

    dependencies = [
        ("mentoring", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(model_name="invitation", old_name="email", new_name="invitee"),
        migrations.AlterField(
            model_name="invitation",
            name="invitee",
            field=models.CharField(help_text="The username or e-mail address as the learner typed it.",
                                   max_length=254, verbose_name="sent to"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="token",
            field=models.CharField(blank=True, default=None, max_length=64, null=True, unique=True,
                                   verbose_name="token"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="mentorship",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL,
                                    related_name="invitations", to="mentoring.mentorship",
                                    verbose_name="mentorship"),
        ),
        migrations.AlterField(
            model_name="invitation",
            name="status",
            field=models.CharField(choices=[("open", "waiting for an answer"), ("accepted", "accepted"),
                                            ("declined", "declined"), ("revoked", "withdrawn")],
                                   default="open", max_length=10, verbose_name="status"),
        ),
        migrations.RunPython(invitations_for_pending_mentorships, drop_invitations_without_link),
    ]

from django.conf import settings
from django.db.models.signals import post_migrate, post_save
from django.dispatch import receiver

from .roles import LEARNER, ensure_roles


@receiver(post_migrate)
def create_role_groups(sender, **kwargs):
    # Runs after every app migrates, so content permissions exist by the last call.
    ensure_roles()


@receiver(post_save, sender=settings.AUTH_USER_MODEL)
def every_account_is_a_learner(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        instance.groups.add(ensure_roles()[LEARNER])

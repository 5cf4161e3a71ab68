"""Roles are Django groups. Every account is a learner; the other roles are granted.

Curators are staff: they get the admin and every permission on the curated
content (models that declare ``curated_content = True``), nothing on learners' data.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission

LEARNER = "learner"
MENTOR = "mentor"
REVIEWER = "reviewer"
CURATOR = "curator"
ROLES = (LEARNER, MENTOR, REVIEWER, CURATOR)


def curated_models():
    return [model for model in apps.get_models() if getattr(model, "curated_content", False)]


def ensure_roles() -> dict[str, Group]:
    """Create the role groups (idempotent) and give curators the content permissions."""
    groups = {name: Group.objects.get_or_create(name=name)[0] for name in ROLES}
    models = curated_models()
    if models:
        perms = Permission.objects.filter(
            content_type__app_label__in={m._meta.app_label for m in models},
            content_type__model__in={m._meta.model_name for m in models},
        )
        groups[CURATOR].permissions.add(*perms)
    return groups


def grant_role(user, role: str) -> None:
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}; roles are {', '.join(ROLES)}")
    group = ensure_roles()[role]
    user.groups.add(group)
    if role == CURATOR and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])


def user_roles(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    names = {g.name for g in user.groups.all() if g.name in ROLES}
    names.add(LEARNER)
    if user.is_superuser:
        names.add(CURATOR)
    return names


def has_role(user, role: str) -> bool:
    return role in user_roles(user)

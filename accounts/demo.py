"""The demo accounts: one per role, so a newcomer can try every part of the site."""

from django.contrib.auth import get_user_model
from django.db import transaction

from .roles import CURATOR, LEARNER, MENTOR, REVIEWER, grant_role

DEMO_ACCOUNTS = (
    ("learner", LEARNER),
    ("mentor", MENTOR),
    ("reviewer", REVIEWER),
    ("curator", CURATOR),
)
MIN_PASSWORD_LENGTH = 8


@transaction.atomic
def seed_demo_accounts(*, password: str) -> list[tuple[str, str, bool]]:
    """Create or refresh the demo accounts; returns (username, role, created) per account.

    Idempotent: a second run creates nothing and resets the passwords to ``password``.
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the demo password must be at least {MIN_PASSWORD_LENGTH} characters")
    User = get_user_model()
    result = []
    for username, role in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@archpath.local", "first_name": role.title()}
        )
        user.set_password(password)
        user.save()
        grant_role(user, role)
        result.append((username, role, created))
    return result

"""The demo accounts: one per role, so a newcomer can try every part of the site."""

from concurrent.futures import ThreadPoolExecutor

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
def seed_demo_accounts(*, password: str, reset: bool = False) -> list[tuple[str, str, str]]:
    """Create the demo accounts that are missing; returns (username, role, state) per account.

    Idempotent. An existing account keeps its password unless ``reset``: ``state`` says
    "created", "reset", "exists" (the password is still ``password``) or "password changed".
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the demo password must be at least {MIN_PASSWORD_LENGTH} characters")
    User = get_user_model()
    users, states = [], {}
    for username, role in DEMO_ACCOUNTS:
        user, created = User.objects.get_or_create(
            username=username, defaults={"email": f"{username}@archpath.local", "first_name": role.title()}
        )
        if created or reset:
            user.set_password(password)
            user.save(update_fields=["password"])
            states[username] = "created" if created else "reset"
        grant_role(user, role)
        users.append(user)
    # Password hashing is slow by design and releases the GIL: check the existing ones side by side,
    # so a second `make run` stays fast.
    existing = [u for u in users if u.username not in states]
    with ThreadPoolExecutor(max_workers=4) as pool:
        matches = pool.map(lambda u: u.check_password(password), existing)
        for user, same in zip(existing, matches):
            states[user.username] = "exists" if same else "password changed"
    return [(user.username, role, states[user.username]) for user, (_, role) in zip(users, DEMO_ACCOUNTS)]

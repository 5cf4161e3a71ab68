"""The demo accounts: one per role, so a newcomer can try every part of the site.

demo_data (the top app) adds their history and a second learner; this module only makes accounts.
"""

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
def seed_demo_accounts(
    *, password: str, reset: bool = False, accounts=DEMO_ACCOUNTS, names: dict[str, str] | None = None
) -> list[tuple[str, str, str]]:
    """Create the demo accounts that are missing; returns (username, role, state) per account.

    ``accounts``: (username, role) pairs; ``names``: first names by username (the role's name otherwise).
    Idempotent. An existing account keeps its password unless ``reset``: ``state`` says
    "created", "reset", "exists" (the password is still ``password``) or "password changed".
    """
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ValueError(f"the demo password must be at least {MIN_PASSWORD_LENGTH} characters")
    User = get_user_model()
    names = names or {}
    users, states = [], {}
    for username, role in accounts:
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"email": f"{username}@archpath.local", "first_name": names.get(username, role.title())},
        )
        if created or reset:
            states[username] = "created" if created else "reset"
        grant_role(user, role)
        users.append(user)
    # Password hashing is slow by design and releases the GIL: hash and check side by side, so
    # neither the first `make run` nor the next one waits for one account after another.
    to_set = [u for u in users if u.username in states]
    existing = [u for u in users if u.username not in states]
    with ThreadPoolExecutor(max_workers=4) as pool:
        list(pool.map(lambda u: u.set_password(password), to_set))
        matches = pool.map(lambda u: u.check_password(password), existing)
        for user, same in zip(existing, matches):
            states[user.username] = "exists" if same else "password changed"
    for user in to_set:
        user.save(update_fields=["password"])
    return [(user.username, role, states[user.username]) for user, (_, role) in zip(users, accounts)]

"""The project's own system checks (registered from accounts/apps.py).

``manage.py check --deploy`` must pass before a deployment: it fails while SECRET_KEY is the
repository's development key or weak (config/secret_key.py holds the rule, shared with start-up).
Plain ``check``, the tests and ``make run`` are not affected, so the development key keeps
working on localhost.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

from .secret_key import HOW_TO_MAKE_ONE, secret_key_problem


@register(Tags.security, deploy=True)
def check_secret_key_is_safe(app_configs=None, **kwargs):
    problem = secret_key_problem(settings.SECRET_KEY, getattr(settings, "DEV_SECRET_KEY", None))
    if problem:
        return [Error(f"{problem}.", hint=HOW_TO_MAKE_ONE[0].upper() + HOW_TO_MAKE_ONE[1:] + ".", id="config.E001")]
    return []

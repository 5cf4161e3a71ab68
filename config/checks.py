"""The project's own system checks (registered from accounts/apps.py; this module imports only Django).

``manage.py check --deploy`` must pass before a deployment: it fails while the repository's
development SECRET_KEY is in use. Plain ``check``, the tests and ``make run`` are not affected,
so the development key keeps working on localhost.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def check_secret_key_is_not_the_development_key(app_configs=None, **kwargs):
    if settings.SECRET_KEY == getattr(settings, "DEV_SECRET_KEY", None):
        return [
            Error(
                "SECRET_KEY is the repository's development key.",
                hint="Set the SECRET_KEY environment variable to a long random value "
                "(python -c 'import secrets; print(secrets.token_urlsafe(50))').",
                id="config.E001",
            )
        ]
    return []

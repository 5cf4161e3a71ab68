from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from config import checks  # noqa: F401  (the deploy checks; imports only Django)

        from . import signals  # noqa: F401

from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self):
        from config import checks  # noqa: F401  (the deploy checks; imports only Django)

        from . import signals  # noqa: F401

        # The admin's login says so when a sign-in is throttled, like the site's (signin_throttle.py).
        from django.contrib import admin

        from .forms import AdminSignInForm

        admin.site.login_form = AdminSignInForm

from django.apps import AppConfig


class DemoIdpConfig(AppConfig):
    name = "demo_idp"
    verbose_name = "Document-processing demo"

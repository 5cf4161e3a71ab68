"""What every section of an import shares: content named by slug, and DRF's errors named by their place."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.settings import api_settings


def by_slug(model) -> serializers.SlugRelatedField:
    """Content named by slug, archived rows included: they are never deleted, and the learner chose them."""
    # Lazy: built when the module is imported, translated when a file is read. DRF fills in {value}.
    unknown = format_lazy(gettext_lazy("unknown {kind} “{{value}}”"), kind=model._meta.verbose_name)
    return serializers.SlugRelatedField(slug_field="slug", queryset=model.objects.all(),
                                        error_messages={"does_not_exist": unknown})


def error_lines(errors, where: str) -> list[str]:
    """DRF's nested errors as one line each, prefixed by the place in the file: ``roadmap: study_days[1]: ...``."""
    if isinstance(errors, dict):
        places = ((key, where if key == api_settings.NON_FIELD_ERRORS_KEY else f"{where}: {key}") for key in errors)
        if all(isinstance(key, int) for key in errors):  # a list field's errors, by index
            places = ((key, f"{where}[{key}]") for key in errors)
        return [line for key, place in places for line in error_lines(errors[key], place)]
    return [f"{where}: {message}" for message in errors]

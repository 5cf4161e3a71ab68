"""What every section of an import shares: content named by slug, and DRF's errors named by their place."""

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy
from rest_framework import serializers
from rest_framework.settings import api_settings


class SlugMapField(serializers.SlugRelatedField):
    """A SlugRelatedField that, given a ``slugs`` dict in the serializer's context (one per document), reads
    each kind of content once for the whole document instead of one query per item."""

    def to_internal_value(self, data):
        slugs = self.context.get("slugs")
        if slugs is None or not isinstance(data, str):
            return super().to_internal_value(data)
        model = self.queryset.model
        if model not in slugs:
            slugs[model] = {row.slug: row for row in self.get_queryset()}
        row = slugs[model].get(data)
        if row is None:
            self.fail("does_not_exist", slug_name=self.slug_field, value=data)
        return row


def by_slug(model, queryset=None) -> serializers.SlugRelatedField:
    """Content named by slug, archived rows included: they are never deleted, and the learner chose them."""
    # Lazy: built when the module is imported, translated when a file is read. DRF fills in {value}.
    unknown = format_lazy(gettext_lazy("unknown {kind} “{{value}}”"), kind=model._meta.verbose_name)
    return SlugMapField(slug_field="slug", queryset=model.objects.all() if queryset is None else queryset,
                        error_messages={"does_not_exist": unknown})


def error_lines(errors, where: str) -> list[str]:
    """DRF's nested errors as one line each, prefixed by the place in the file: ``roadmap: study_days[1]: ...``."""
    if isinstance(errors, dict):
        places = ((key, where if key == api_settings.NON_FIELD_ERRORS_KEY else f"{where}: {key}") for key in errors)
        if all(isinstance(key, int) for key in errors):  # a list field's errors, by index
            places = ((key, f"{where}[{key}]") for key in errors)
        return [line for key, place in places for line in error_lines(errors[key], place)]
    return [f"{where}: {message}" for message in errors]

"""The dashboard's window (1h, 24h, 7d) and file-type filter, parsed once for the page, its JSON
refresh and the metrics API: the same names, defaults and error sentences everywhere."""

from __future__ import annotations

from rest_framework import serializers

from . import metrics


def _one_of(field: str, names) -> str:
    return f'{field} must be one of {", ".join(names)}, not "{{input}}".'


class WindowQuery(serializers.Serializer):
    """?window=1h|24h|7d&file_type=png|jpeg|tiff|pdf; validated_data holds the Window itself.

    A window given empty is refused like any other unknown one (the page's menu always sends one;
    leave it out for the last hour); an empty file_type means every type, as the page's menu sends it.
    """

    window = serializers.ChoiceField(
        choices=metrics.WINDOW_NAMES, default="1h",
        error_messages={"invalid_choice": _one_of("window", metrics.WINDOW_NAMES)},
        help_text="The last hour, day or week, ending with the current minute (1h) or hour (24h, 7d).",
    )
    file_type = serializers.ChoiceField(
        choices=metrics.FILE_TYPES, default="", allow_blank=True,
        error_messages={"invalid_choice": _one_of("file_type", metrics.FILE_TYPES)},
        help_text="Only documents of this type; empty or absent for all.",
    )

    def to_internal_value(self, data):
        # DRF reads an empty form value of an optional field as absent (the default): not for the window.
        if hasattr(data, "get") and data.get("window") == "":
            raise serializers.ValidationError({"window": [self.fields["window"].error_messages["invalid_choice"].format(
                input="")]})
        return super().to_internal_value(data)

    def validate(self, attrs):
        return attrs | {"window": metrics.window(attrs["window"])}


def parse(params) -> tuple[metrics.Window | None, str, str]:
    """(window, file_type, "") from a query string, or (None, file_type, the error sentence)."""
    query = WindowQuery(data=params)
    if query.is_valid():
        return query.validated_data["window"], query.validated_data["file_type"], ""
    error = " ".join(str(message) for messages in query.errors.values() for message in messages)
    return None, params.get("file_type", ""), error

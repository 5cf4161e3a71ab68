"""Query strings validated by the pages' own forms, and described in the schema from them.

An API parameter is read by the form of the page that takes the same input, so the bounds and
messages are the page's. One difference: a page's form sends its blank inputs as `name=` meaning
"the default", while an API client leaves a parameter out for that, so the API refuses a
parameter given empty, with a 400 naming it, rather than guessing what was meant.
"""

from django import forms
from django.core import validators
from drf_spectacular.utils import OpenApiParameter
from rest_framework.exceptions import ValidationError

EMPTY = "Give a value, or leave {name} out for the default."
NOT_BOOLEAN = "{name} must be true or false."
_TYPES = {forms.IntegerField: "integer", forms.FloatField: "number"}


def validated_form(form_class: type[forms.Form], params, **kwargs) -> forms.Form:
    """The form bound to the query parameters and valid, or a 400 with the messages per parameter."""
    errors = {name: [EMPTY.format(name=name)] for name in form_class.base_fields if params.get(name, None) == ""}
    # A page's checkbox sends "on"; the API takes what its schema says, true or false, and nothing else
    # (the form would read any other word as true).
    errors |= {name: [NOT_BOOLEAN.format(name=name)] for name, field in form_class.base_fields.items()
               if isinstance(field, forms.BooleanField) and params.get(name, "true") not in ("true", "false")}
    form = form_class(params, **kwargs)
    if errors or not form.is_valid():
        raise ValidationError({name: list(messages) for name, messages in form.errors.items()} | errors)
    return form


def form_parameters(form_class: type[forms.Form]) -> list[OpenApiParameter]:
    """The query parameters of the schema, read from the form that validates them: types, bounds, choices."""
    return [OpenApiParameter(name, _schema(field), OpenApiParameter.QUERY, required=False,
                             description=str(field.help_text or field.label))
            for name, field in form_class.base_fields.items()]


def _schema(field: forms.Field) -> dict:
    if isinstance(field, forms.BooleanField):
        return {"type": "boolean"}
    if isinstance(field, forms.ChoiceField):
        return {"type": "string", "enum": [value for value, _label in field.choices if value != ""]}
    schema = {"type": _TYPES.get(type(field), "string")}
    for validator in field.validators:
        if isinstance(validator, validators.MinValueValidator):
            schema["minimum"] = validator.limit_value
        elif isinstance(validator, validators.MaxValueValidator):
            schema["maximum"] = validator.limit_value
    return schema

"""The OpenAPI schema's error responses, documented once for every operation.

DRF answers errors the same way everywhere: a 400 with the messages per field, and a 401, 403,
404 or 429 with `{"detail": "..."}`. Rather than every view listing them, the schema adds to each
operation the ones it can really answer, read from the view: 400 when it takes a body or query
parameters (and 415 for a body it cannot read), 401 when it reads a token (a wrong token answers 401 even where no sign-in is needed),
403 when a permission can refuse (or a signed-in browser's CSRF check, on a change), 404 when its
path names an object, 429 when it is throttled (with Retry-After). What only some views answer
(a 409 when a change conflicts with the object's state, a 404 for "you have no roadmap yet") they
declare with the `answers` decorator, and it is documented here in the same words.
"""

from drf_spectacular.openapi import AutoSchema as SpectacularAutoSchema
from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import permissions, serializers

ErrorDetail = inline_serializer("ErrorDetail", {"detail": serializers.CharField(help_text="What went wrong, in a sentence.")})
# Messages per field ({"file": ["..."]}), or per item of a nested field: a free-form object.
ValidationErrors = {
    "type": "object", "additionalProperties": {},
    "description": 'The messages for each bad field or parameter, e.g. {"window": ["..."]}.',
}
RETRY_AFTER = {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait before trying again."}}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


def detail(description: str) -> OpenApiResponse:
    return OpenApiResponse(ErrorDetail, description=description)


ERRORS = {
    400: OpenApiResponse(ValidationErrors, description="Bad input: the messages per field."),
    401: detail("Not signed in (where the operation needs it), or a wrong token."),
    403: detail("Not allowed: a role the operation needs, or a signed-in browser's CSRF check."),
    404: detail("Not found: no such object, one you may not see, or nothing of yours yet (the detail says)."),
    409: detail("Refused: the object's state does not allow it now (the detail says why)."),
    415: detail("The body is not in a content type the operation reads (those listed), or not readable as one."),
    429: detail("Too many requests: wait the seconds Retry-After gives."),
}


def answers(*statuses: int, methods: tuple[str, ...] = ("*",)):
    """Declare error statuses a view method, or a view class (all its methods, or `methods`), answers
    beyond those read from it: @answers(409) on an action that refuses an object in the wrong state."""

    def declare(view):
        declared = dict(getattr(view, "error_statuses", {}))
        for method in methods:
            declared[method] = (*declared.get(method, ()), *statuses)
        view.error_statuses = declared
        return view

    return declare


class AutoSchema(SpectacularAutoSchema):
    """drf-spectacular's AutoSchema, with the error statuses each operation can answer."""

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        if operation is None:
            return None
        responses = operation["responses"]
        for code, response in self._errors(operation).items():
            responses.setdefault(str(code), self._get_response_for_code(response.response, str(code)) | {
                "description": response.description})
        if "429" in responses:
            responses["429"].setdefault("headers", {}).update(RETRY_AFTER)
        return operation

    def _errors(self, operation: dict) -> dict[int, OpenApiResponse]:
        view, statuses = self.view, set(self._declared())
        if "requestBody" in operation or any(p["in"] == "query" for p in operation.get("parameters", [])):
            statuses.add(400)
        if "requestBody" in operation:
            statuses.add(415)
        if "tokenAuth" in {name for requirement in operation.get("security", []) for name in requirement}:
            statuses.add(401)
        if self.method in UNSAFE or any(not isinstance(p, permissions.AllowAny) for p in view.get_permissions()):
            statuses.add(403)
        if any(p["in"] == "path" for p in operation.get("parameters", [])):
            statuses.add(404)
        if view.get_throttles():
            statuses.add(429)
        return {code: ERRORS[code] for code in sorted(statuses)}

    def _declared(self) -> list[int]:
        # On the method (APIView's get/post, a viewset's action) or on the view class, for all or this method.
        name = getattr(self.view, "action", None) or self.method.lower()
        sources = (getattr(type(self.view), "error_statuses", {}), getattr(getattr(self.view, name, None), "error_statuses", {}))
        return [code for declared in sources for key in ("*", name) for code in declared.get(key, ())]

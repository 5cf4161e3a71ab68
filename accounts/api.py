"""POST /api/auth/token/: DRF's token endpoint, throttled like the login page."""

from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.authtoken.views import ObtainAuthToken
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from .signin_throttle import is_refused, refusal


class TokenRequestSerializer(AuthTokenSerializer):
    # As long as a username can be: a longer one is a 400, not a row axes cannot store.
    username = serializers.CharField(
        label=_("Username"), write_only=True,
        max_length=get_user_model()._meta.get_field("username").max_length,
    )


REFUSED = inline_serializer("SignInRefused", {"detail": serializers.CharField()})


class ObtainToken(ObtainAuthToken):
    serializer_class = TokenRequestSerializer

    @extend_schema(
        summary="Get the API token for a username and password",
        request=TokenRequestSerializer,
        responses={
            200: inline_serializer("AuthToken", {"token": serializers.CharField()}),
            400: OpenApiResponse(description="A field is missing or too long (named with its errors), or the "
                                             "username and password do not match (under non_field_errors, the "
                                             "same answer whichever of them is wrong)."),
            429: OpenApiResponse(REFUSED, description="Too many failed sign-ins for this account (from this "
                                                     "address), or from this address: `detail` says so and for "
                                                     "how long; `Retry-After` gives the seconds."),
        },
        parameters=[OpenApiParameter("Retry-After", int, OpenApiParameter.HEADER, response=[429],
                                     description="Seconds until a sign-in may be tried again.")],
    )
    def post(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        if not serializer.is_valid():
            # Axes marks the request it refused (or has just locked) while authenticating.
            if is_refused(request):
                refused = refusal(request, {"username": serializer.initial_data.get("username")})
                return Response({"detail": refused.message}, status=status.HTTP_429_TOO_MANY_REQUESTS,
                                headers={"Retry-After": str(refused.retry_after)})
            raise ValidationError(serializer.errors)
        token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
        return Response({"token": token.key})


obtain_token = ObtainToken.as_view()

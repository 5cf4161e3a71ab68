from django import forms
from django.contrib.auth import get_user_model
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth.forms import AuthenticationForm, UserCreationForm
from django.utils.translation import gettext_lazy as _

from .signin_throttle import is_refused, refusal


class SignUpForm(UserCreationForm):
    email = forms.EmailField(
        label=_("E-mail"),
        required=True,
        help_text=_("Used only to reset your password and for notifications you turn on."),
    )

    class Meta(UserCreationForm.Meta):
        model = get_user_model()
        fields = ("username", "email")

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("An account with this e-mail already exists. Log in or reset your password."))
        return email


class SignInForm(AuthenticationForm):
    """The login form, which says so when a sign-in is refused for too many failures (and for how
    long) instead of calling the password wrong."""

    def clean(self):
        try:
            return super().clean()
        except forms.ValidationError:
            if is_refused(self.request):
                credentials = {"username": self.cleaned_data.get("username")}
                raise forms.ValidationError(refusal(self.request, credentials).message, code="throttled") from None
            raise


class AdminSignInForm(SignInForm, AdminAuthenticationForm):
    """The admin's login form, naming a throttled sign-in the same way (admin.site.login_form)."""

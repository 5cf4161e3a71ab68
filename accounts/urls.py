from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views
from .forms import SignInForm

urlpatterns = [
    path("signup/", views.signup, name="signup"),
    # Django's login view with the form that names a throttled sign-in (accounts/signin_throttle.py).
    path("login/", auth_views.LoginView.as_view(authentication_form=SignInForm), name="login"),
    # logout, password_change(_done), password_reset(_done/_confirm/_complete); its login is shadowed above
    path("", include("django.contrib.auth.urls")),
]

from django.contrib import messages
from django.contrib.auth import login
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from .forms import SignUpForm


@require_http_methods(["GET", "POST"])
def signup(request):
    """Create an account (a learner), log it in and go on to the roadmap questionnaire (a new learner's
    first page: nothing else on the site is theirs until they have a roadmap).

    Template: accounts/signup.html, context: form.
    """
    if request.user.is_authenticated:
        return redirect("home")
    form = SignUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        login(request, user, backend="django.contrib.auth.backends.ModelBackend")
        messages.success(request, _("Welcome to ArchPath, %(name)s. A few questions, and your roadmap is ready.")
                         % {"name": user.username})
        # By URL name: accounts imports no other app, and the questionnaire is the roadmap app's.
        return redirect("roadmap:questionnaire")
    return render(request, "accounts/signup.html", {"form": form}, status=400 if form.errors else 200)

"""Forms of the mentoring pages: invite a mentor, comment on a step, a milestone action, e-mail setting."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .invitations import clean_identifier
from .models import MilestoneEvent


class InviteForm(forms.Form):
    mentor = forms.CharField(
        label=_("Mentor's username or e-mail"), max_length=254,
        help_text=_("Someone without an account yet gets an invitation link by e-mail."),
    )

    def clean_mentor(self):
        return clean_identifier(self.cleaned_data["mentor"])


class CommentForm(forms.Form):
    body = forms.CharField(label=_("Comment"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)


class MilestoneForm(forms.Form):
    action = forms.ChoiceField(choices=MilestoneEvent.Action.choices, widget=forms.HiddenInput)
    comment = forms.CharField(label=_("Comment"), required=False, max_length=5000,
                              widget=forms.Textarea(attrs={"rows": 2}))


class EmailPreferenceForm(forms.Form):
    email = forms.BooleanField(label=_("Also send my notifications by e-mail"), required=False)

"""{% skip_note row roadmap %}: a skipped step's reason, worded for the signed-in reader (step_status.skip_note)."""

from django import template

from ..step_status import skip_note as word_skip

register = template.Library()


@register.simple_tag(takes_context=True)
def skip_note(context, row, roadmap) -> str:
    request = context.get("request")
    return word_skip(row, roadmap=roadmap, viewer=getattr(request, "user", None))

"""The gap page's apply preview and the list of what the last application moved (assessments/apply.py)."""

from django import template

from assessments.apply import applied_moves, preview

register = template.Library()


@register.simple_tag
def apply_preview(roadmap):
    """``{% apply_preview roadmap as moves %}``: the steps applying would skip, reopen or move earlier."""
    return preview(roadmap) if roadmap is not None else []


@register.simple_tag
def moves_of(application):
    """``{% moves_of application as moved %}``: what the application changed, for its list with undo."""
    return applied_moves(application) if application is not None else []

"""Tags of a roadmap step's row, rendered once per step (88 times on a two-year roadmap page).

{% skip_note row roadmap %}: a skipped step's reason, worded for the signed-in reader (step_status.skip_note).
{% step_line row as line %}: the row's URLs, status label and dates, worked out once per row in Python rather
than by several tags and filters each (bench/roadmap_dashboard.py measures the page).
"""

from django import template
from django.urls import reverse
from django.utils.formats import date_format

from ..step_status import skip_note as word_skip

register = template.Library()

# reverse() walks the URL patterns on each call: a page reverses each row URL once, for a stand-in id,
# and puts each row's id in its place.
_ID = 2147483647


@register.simple_tag(takes_context=True)
def skip_note(context, row, roadmap) -> str:
    request = context.get("request")
    return word_skip(row, roadmap=roadmap, viewer=getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def step_line(context, row) -> dict:
    """What a step's row shows that takes work: kept on the row, so the row's parts (its head, its dates) share it."""
    line = row.__dict__.get("_line")
    if line is None:
        urls = _row_urls(context)
        pk = str(row.pk)
        line = row._line = {
            "update_url": urls["roadmap:update_step"].replace(str(_ID), pk),
            "comments_url": urls["mentoring:step_comments"].replace(str(_ID), pk),
            "status_label": row.get_status_display(),
            "dates": (f"{date_format(row.planned_start, 'MONTH_DAY_FORMAT')}–{_day(row.planned_end)}"
                      if row.planned_start else ""),
        }
    return line


def _day(day) -> str:
    return date_format(day) if day else ""  # as the |date filter: nothing for no date


def _row_urls(context) -> dict[str, str]:
    # Kept for one render of a page (as IncludeNode keeps its templates), so a changed URLconf is always seen.
    cache = context.render_context.dicts[0]
    urls = cache.get(_row_urls)
    if urls is None:
        urls = cache[_row_urls] = {name: reverse(name, args=[_ID]) for name in
                                   ("roadmap:update_step", "mentoring:step_comments")}
    return urls

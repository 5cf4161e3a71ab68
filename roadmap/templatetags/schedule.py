"""{{ ahead_days|against_plan }}: the projected finish against the planned one, in the unit a person would use."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()

DAYS_PER_MONTH = 365.25 / 12


@register.filter
def against_plan(ahead_days: int | None) -> str:
    """"12 days early", "about 9 weeks late", "about 5 months late", "about 2.8 years late"; "on time"; a dash
    without a projection. Days up to two months: "1018 days late" beside "the plan asked 65 h" read as a slip."""
    if ahead_days is None:
        return "—"
    if ahead_days == 0:
        return _("on time")
    days, early = abs(ahead_days), ahead_days > 0
    if days < 60:
        return (ngettext("%(n)d day early", "%(n)d days early", days) if early
                else ngettext("%(n)d day late", "%(n)d days late", days)) % {"n": days}
    if days < 183:
        weeks = round(days / 7)
        return (_("about %(n)d weeks early") if early else _("about %(n)d weeks late")) % {"n": weeks}
    months = days / DAYS_PER_MONTH
    if months < 23.5:
        return (_("about %(n)d months early") if early else _("about %(n)d months late")) % {"n": round(months)}
    years = floatformat(round(months / 12, 1), -1)
    return (_("about %(n)s years early") if early else _("about %(n)s years late")) % {"n": years}

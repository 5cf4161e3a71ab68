"""The capacity planner's arithmetic told as sentences, with a plan's numbers filled in: what the
planner page and its API show under "The arithmetic" (explain)."""

from __future__ import annotations

import math

from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .capacity import HOURS, OFFICE, Plan, _clock, default_terms


def _n(value: float, decimals: int = 0) -> str:
    # number_format cuts the decimals it drops; round first.
    return number_format(round(value, decimals), decimal_pos=decimals, force_grouping=True)


def _hours(hours: float) -> str:
    if hours == math.inf:
        return _("for ever")
    if hours < 1:
        return _("%(n)s min") % {"n": _n(hours * 60)}
    return _("%(n)s h") % {"n": _n(hours, 1)}


def explain(p: Plan, line_review=None) -> list[str]:
    """The arithmetic behind a plan, as sentences with its numbers filled in; with line_review (the same
    plan under line review, a review_policies.Policy), its reviewers after page review's."""
    busy = f"{p.max_utilisation:.0%}"
    peak_hour = max(range(HOURS), key=lambda hour: p.queue_depth_by_hour[hour])
    lines = [
        _("Pages a day = %(documents)s documents × %(pages)s pages = %(total)s pages.")
        % {"documents": _n(p.documents_per_day), "pages": _n(p.pages_per_document, 2), "total": _n(p.pages_per_day)},
        _("Work a day = %(total)s pages × %(seconds)s s = %(work)s core-seconds. A core gives 86,400 s a day: "
          "%(full)s if every core were busy all the time.")
        % {"total": _n(p.pages_per_day), "seconds": _n(p.seconds_per_page, 2), "work": _n(p.core_seconds_per_day),
           "full": _cores(p.cores_at_full_load)},
        _("Cores are planned at most %(busy)s busy, since real page times vary and a queue grows without bound as "
          "its server nears 100%% busy; the spare share absorbs retries, restarts and deploys. So a core serves "
          "%(rate)s pages an hour, and the daily work needs %(daily)s.")
        % {"busy": busy, "rate": _n(3600 * p.max_utilisation / p.seconds_per_page, 1),
           "daily": _cores(p.cores_for_daily_work)},
    ]
    if p.arrival == OFFICE:
        lines.append(_("Documents arrive in office hours: %(office_share)s between %(office_start)s and "
                       "%(office_end)s (%(peak)s pages an hour), the rest spread over the other %(office_rest)s "
                       "hours (%(quiet)s an hour). A queue builds by day and drains by night.")
                     % {**default_terms(), "peak": _n(max(p.arrivals_by_hour)), "quiet": _n(min(p.arrivals_by_hour))})
    else:
        lines.append(_("Documents arrive evenly: %(rate)s pages every hour.") % {"rate": _n(p.arrivals_by_hour[0])})
    lines.append(_cores_sentence(p, peak_hour))
    if p.workers_needed:
        lines.append(_("Workers = %(cores)s ÷ %(per)s per worker, rounded up = %(workers)s (one single-threaded "
                       "Tesseract process per core).")
                     % {"cores": _cores(p.cores_needed), "per": _cores(p.cores_per_worker),
                        "workers": _workers(p.workers_needed)})
    return lines + _review_sentences(p) + (_line_review_sentences(p, line_review) if line_review else [])


# Counts with their nouns, singular or plural: "1 core", "196 cores".
def _cores(n: int) -> str:
    return ngettext("%(n)s core", "%(n)s cores", n) % {"n": _n(n)}


def _workers(n: int) -> str:
    return ngettext("%(n)s worker", "%(n)s workers", n) % {"n": _n(n)}


def _reviewers(n: int) -> str:
    return ngettext("%(n)s reviewer", "%(n)s reviewers", n) % {"n": _n(n)}


def _cores_sentence(p: Plan, peak_hour: int) -> str:
    where = {"wait": _hours(p.max_wait_hours), "peak": _n(p.queue_depth_by_hour[peak_hour]),
             "at": _clock(peak_hour + 1), "sla": _n(p.sla_hours, 1), "seconds": _n(p.seconds_per_page, 2)}
    if p.cores_needed is None:
        return _("No number of cores meets a %(sla)s h SLA: a page takes %(seconds)s s to process.") % where
    if p.cores_needed == p.cores_for_daily_work and not p.queue_depth_by_hour[peak_hour]:
        return _("Simulated hour by hour, that is enough (%(cores)s): every hour's pages are read within the hour, "
                 "so no queue builds.") % {"cores": _cores(p.cores_needed)}
    if p.cores_needed == p.cores_for_daily_work:
        return _("Simulated hour by hour, that is enough (%(cores)s): the queue for a worker peaks at %(peak)s "
                 "pages at %(at)s and no page waits longer than %(wait)s, within the %(sla)s h SLA.") % {
            "cores": _cores(p.cores_needed), **where}
    more = {"daily": _cores(p.cores_for_daily_work), "daily_wait": _hours(p.daily_work_wait_hours),
            "cores": _n(p.cores_needed), **where}
    if p.review_pages_per_day and p.reviewers_needed is not None:
        return _("The SLA needs more than the daily work: with %(daily)s a page would wait up to %(daily_wait)s "
                 "for a worker. Simulated hour by hour, %(cores)s cores are the fewest that leave a review time "
                 "within the %(sla)s h SLA: the queue peaks at %(peak)s pages at %(at)s and no page waits longer "
                 "than %(wait)s.") % more
    return _("The SLA needs more than the daily work: with %(daily)s a page would wait up to %(daily_wait)s "
             "for a worker. Simulated hour by hour, %(cores)s cores are the fewest that keep every page's wait "
             "within the %(sla)s h SLA: the queue peaks at %(peak)s pages at %(at)s and no page waits longer than "
             "%(wait)s.") % more


def _review_sentences(p: Plan) -> list[str]:
    if not p.review_pages_per_day:
        return [_("No page goes to review, so no reviewers are needed.")]
    start, end = p.shift
    shift = {"start": _clock(start), "end": _clock(end)}
    lines = [
        _("Page review, every routed page read whole: pages to review a day = %(total)s pages × %(rate)s = "
          "%(review)s. A reviewer does %(rph)s pages an hour for "
          "%(hours)s hours, planned at most %(busy)s busy: %(per)s pages a day, so at least %(daily)s.")
        % {"total": _n(p.pages_per_day), "rate": f"{p.review_rate:.1%}", "review": _n(p.review_pages_per_day),
           "rph": _n(p.reviewer_pages_per_hour, 1), "hours": p.reviewer_hours_per_day,
           "busy": f"{p.max_utilisation:.0%}", "per": _n(p.reviewer_pages_per_day, 1),
           "daily": _reviewers(p.reviewers_for_daily_work)},
        _("Reviewers work %(start)s–%(end)s, so a page routed after the shift waits for the next one. The SLA leaves "
          "%(budget)s for the wait for a reviewer: %(sla)s h less the longest wait for a worker (%(wait)s), the "
          "processing and the review itself (%(review)s).")
        % {**shift, "budget": _hours(max(0.0, p.review_budget_hours)), "sla": _n(p.sla_hours, 1),
           "wait": _hours(p.max_wait_hours), "review": _hours(1 / p.reviewer_pages_per_hour)},
    ]
    if p.reviewers_needed is None and p.review_budget_hours < 0:
        lines.append(_("No number of reviewers meets it: the SLA leaves no time for the review itself."))
    elif p.reviewers_needed is None:
        lines.append(_("No number of reviewers working %(start)s–%(end)s meets it: a page routed as the shift ends "
                       "waits %(gap)s hours for the next one. Lengthen the SLA or the reviewers' day.")
                     % {**shift, "gap": HOURS - p.reviewer_hours_per_day})
    else:
        lines.append(_("Simulated hour by hour, the fewest reviewers that keep every page's wait for a reviewer "
                       "within it are %(n)s: the longest wait is %(wait)s.")
                     % {"n": _n(p.reviewers_needed), "wait": _hours(p.max_review_wait_hours)})
    lines.append(_("Adding the two longest waits over-states a page's time (the same page rarely waits longest in "
                   "both queues): the plan errs on the safe side."))
    return lines


def _line_review_sentences(p: Plan, line) -> list[str]:
    if not line.review_pages_per_day:
        return [_("Line review: no line goes to a person, so no reviewers are needed.")]
    figures = {"share": f"{line.share.value:.1%}", "total": _n(p.pages_per_day),
               "review": _n(line.review_pages_per_day), "n": _reviewers(line.reviewers_needed or 0),
               "wait": _hours(line.max_review_wait_hours)}
    told = _("Line review, as the pipeline routes: a person reads only the doubtful lines, and a page whole only "
             "where line judgement cannot be trusted: %(share)s of the words. At the same reading speed that is "
             "%(total)s pages × %(share)s = %(review)s pages' worth a day") % figures
    if line.reviewers_needed is None:
        return [told + _(", and no number of reviewers working the shift meets the SLA.")]
    return [told + _(", and %(n)s, simulated the same way (the longest wait for a reviewer: %(wait)s).")
            % figures]

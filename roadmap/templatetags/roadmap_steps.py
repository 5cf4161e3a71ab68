"""A roadmap step's row, head and dates, written out in Python: the roadmap page has one row per step.

{% step_row %}: the learner's row with its forms (roadmap/_step_row.html: on the page, and alone after a change
made in place). {% step_head row roadmap %}: status, title, dates and comments link, which the learner and their
mentors see (roadmap/step_head.html). {% step_dates row %}: hours and planned dates (roadmap/step_dates.html,
also swapped out of band). {% skip_note row roadmap %}: a skipped step's reason, worded for the reader.

Why not templates: a two-year roadmap has about 90 steps, and through the template engine (some 60 nodes, two
includes and a dozen translations per row) the rows were half the page's time (bench/roadmap_dashboard.py).
Here each row is one format string filled with values worked out once per row, translated once per page. The
HTML is the same as the templates wrote, character for character: it is laid out below as it appears.
"""

from django import template
from django.template.defaulttags import CsrfTokenNode
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_noop

from ..models import RoadmapStep
from ..step_status import skip_note as word_skip
from .glossary import load_index

Status = RoadmapStep.Status
register = template.Library()

# reverse() walks the URL patterns on each call: a page reverses each row URL once, for a stand-in id, and puts
# each row's id in its place.
_ID = "2147483647"

# The HTML below is laid out as the page shows it (long lines and all), so that it reads as the template did.

ROW = """
        <li id="step-{pk}" class="step status-{status}{archived}"{focus}>
          {head}
          {message}
          <details class="step-body"{open}>
            <summary>{details}</summary>
            <p>{summary}</p>
            {certification}
            {resources}
            <form method="post" action="{update_url}" class="note-form" hx-post="{update_url}" hx-target="#step-{pk}" hx-swap="outerHTML">
              {csrf}
              <label for="note-{pk}">{private_note}</label>
              <textarea id="note-{pk}" name="note" rows="2">{note}</textarea>
              <button type="submit" class="button button-secondary" data-focus-note>{save_note}</button>
            </form>
          </details>
          <form method="post" action="{update_url}" class="step-actions" hx-post="{update_url}" hx-target="#step-{pk}" hx-swap="outerHTML">
            {csrf}
            {actions}
          </form>
          {skip}
        </li>
"""

HEAD = """
<div class="step-head">
  <span class="badge badge-{status}">{status_label}</span>
  <strong class="step-title">{title}</strong>
  {archived}
  {optional}
  {dates}
  <a class="comments-link" href="{comments_url}">{comments}<span class="visually-hidden"> {title}</span></a>
</div>
{skip_note}
"""

DATES = '<span class="muted" id="dates-of-step-{pk}"{oob}>{hours} h{dates}</span>\n'

RESOURCES = '\n            <ul class="resource-list">{}</ul>\n            '

ACTION = '<button type="submit" name="status" value="{}" class="step-action">{}<span class="visually-hidden"> {}</span></button>'

SKIP = """
          <details class="skip-step">
            <summary class="step-action">{skip_more}<span class="visually-hidden"> {title}</span></summary>
            <form method="post" action="{update_url}" class="skip-form" hx-post="{update_url}" hx-target="#step-{pk}" hx-swap="outerHTML">
              {csrf}
              <label for="skip-reason-{pk}">{why}</label>
              <input id="skip-reason-{pk}" type="text" name="skip_reason" maxlength="{skip_reason_max}" placeholder="{example}">
              <button type="submit" name="status" value="skipped" class="step-action">{skip}<span class="visually-hidden"> {title}</span></button>
            </form>
          </details>
          """


@register.simple_tag(takes_context=True)
def skip_note(context, row, roadmap) -> str:
    request = context.get("request")
    return word_skip(row, roadmap=roadmap, viewer=getattr(request, "user", None))


@register.simple_tag(takes_context=True)
def step_row(context):
    """The row of ``row``. Context: row, roadmap, skip_reason_max, glossary (else read here); after a change made in
    place: notice or error (shown in the row), focus ("note": its save button, else the first button of the row)."""
    row, page = context["row"], _page(context)
    step, status, focus = row.step, row.status, context.get("focus")
    error, notice = context.get("error"), context.get("notice")
    if "csrf" not in page:  # read here, not for every page that shows a step's head (the mentor's has no form)
        page["csrf"] = CsrfTokenNode().render(context)
    text, urls, csrf = page["text"], page["urls"], page["csrf"]
    # Escaped once here, as each is written several times into the row.
    pk, title = conditional_escape(row.pk), conditional_escape(step.title)
    update_url = conditional_escape(urls["roadmap:update_step"].replace(_ID, pk))
    if status == Status.SKIPPED:
        actions = format_html("\n              {}\n            ", format_html(ACTION, "todo", text["Take back"], title))
    else:
        start = ("" if status in (Status.IN_PROGRESS, Status.DONE)
                 else format_html(ACTION, "in_progress", text["Start"], title))
        done = (format_html(ACTION, "done", text["Mark done"], title) if status != Status.DONE
                else format_html(ACTION, "in_progress", text["Reopen"], title))
        actions = format_html("\n              {}\n              {}\n            ", start, done)
    resources = step.resources.all()
    return format_html(
        ROW, pk=pk, status=status, archived=" archived" if step.archived else "",
        focus=format_html(' data-focus="{}"', "[data-focus-note]" if focus == "note" else ".step-actions button")
        if focus else "",
        head=step_head(context, row, context.get("roadmap")),
        message=format_html('<p class="form-errors row-message" role="alert">{}</p>', error) if error else
        format_html('<p class="row-message row-notice" role="status">{}</p>', notice) if notice else "",
        open=" open" if focus == "note" else "", details=text["Details, resources and note"],
        summary=(context.get("glossary") or _page_glossary(page)).link(step.summary),
        certification=format_html('<p>{} <a href="{}#cert-{}">{}</a></p>', text["Prepares for"], urls["catalog"],
                                  step.certification.slug, step.certification.name) if step.certification else "",
        resources=format_html(RESOURCES, format_html_join("", "<li>{}</li>", (
            (format_html('<a href="{}" rel="noopener">{}</a>', r.url, r.title) if r.url else r.title,)
            for r in resources))) if resources else "",
        update_url=update_url, csrf=csrf, private_note=text["Private note"], note=row.note, save_note=text["Save note"],
        actions=actions,
        skip="" if status in (Status.DONE, Status.SKIPPED) else format_html(
            SKIP, skip_more=text["Skip…"], title=title, update_url=update_url, pk=pk, csrf=csrf,
            why=text["Why skip it? (optional)"], skip_reason_max=context.get("skip_reason_max", ""),
            example=text["e.g. I do this at work"], skip=text["Skip"]),
    )


@register.simple_tag(takes_context=True)
def step_head(context, row, roadmap):
    page = _page(context)
    text, step = page["text"], row.step
    return format_html(
        HEAD, status=row.status, status_label=page["statuses"].get(row.status, row.status), title=step.title,
        archived=format_html('<span class="badge">{}</span>', text["removed from the curriculum"]) if step.archived
        else "",
        optional=format_html('<span class="badge">{}</span>', text["optional"]) if row.optional else "",
        dates=step_dates(context, row), comments=text["Comments"],
        comments_url=page["urls"]["mentoring:step_comments"].replace(_ID, str(row.pk)),
        skip_note=format_html('<p class="skip-reason">{}</p>', skip_note(context, row, roadmap))
        if row.status == Status.SKIPPED else "",
    )


@register.simple_tag(takes_context=True)
def step_dates(context, row):
    """Context: oob=True to swap it out of band into its row (a skip re-planned the later steps)."""
    dates = (f" · {date_format(row.planned_start, 'MONTH_DAY_FORMAT')}–{_day(row.planned_end)}"
             if row.planned_start else "")
    return format_html(DATES, pk=row.pk, oob=mark_safe(' hx-swap-oob="true"') if context.get("oob") else "",
                       hours=row.step.estimated_hours, dates=dates)


def _day(day) -> str:
    return date_format(day) if day else ""  # as the |date filter: nothing for no date


# Every text a row shows, translated (and escaped) once per page.
TEXTS = tuple(map(gettext_noop, (
    "Take back", "Start", "Mark done", "Reopen", "Details, resources and note", "Prepares for", "Private note",
    "Save note", "Skip…", "Why skip it? (optional)", "e.g. I do this at work", "Skip", "removed from the curriculum",
    "optional", "Comments")))


def _page(context) -> dict:
    """What every row of one render shares: kept for that render (as IncludeNode keeps its templates), so a changed
    URLconf or language is always seen."""
    cache = context.render_context.dicts[0]
    page = cache.get(_page)
    if page is None:
        page = cache[_page] = {
            "text": {text: conditional_escape(gettext(text)) for text in TEXTS},
            "statuses": {status: conditional_escape(label) for status, label in Status.choices},
            "urls": {"catalog": reverse("certifications:catalog"), **{
                name: reverse(name, args=[_ID]) for name in ("roadmap:update_step", "mentoring:step_comments")}},
        }
    return page


def _page_glossary(page):
    """The glossary, read once if the rows are rendered without the page's (``{% glossary_index as glossary %}``)."""
    if "glossary" not in page:
        page["glossary"] = load_index()
    return page["glossary"]

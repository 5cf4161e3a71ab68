"""Link the glossary's terms where a text uses them: ``{{ step.summary|glossary_links:glossary }}``.

``{% glossary_index as glossary %}`` reads the active terms once per page (one query);
the filter then wraps the first use of each term in a text in a link to its entry on the
glossary page (``/roadmap/glossary/#<slug>``), with the definition as the link's title.
Without an argument the filter reads the terms itself, one query per text.

Matching is on whole words and ignores case; a term may also end in a plural "s".
A term written "Long name (ABBR)" is matched by either part ("Optical character
recognition (OCR)" by "OCR" too); where two terms could match at one place, the
longer wins ("Data pipeline" before a shorter "Data").

The text is plain text: every piece of it is escaped, and the links are built with
``format_html``, so neither the text nor a term can inject markup. A text already
marked safe is HTML of someone else's making; it is returned untouched rather than
risk putting a link inside a tag.
"""

import re
from dataclasses import dataclass

from django import template
from django.urls import reverse
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import SafeData, mark_safe

register = template.Library()

_PARENTHESISED = re.compile(r"^(?P<name>.+?)\s*\((?P<aside>[^()]+)\)$")


@dataclass(frozen=True)
class Entry:
    slug: str
    term: str
    definition: str


class GlossaryIndex:
    """The terms of the glossary as one regular expression, and where each of its names leads."""

    def __init__(self, entries):
        self.url = reverse("roadmap:glossary")
        self.by_name: dict[str, Entry] = {}
        for entry in entries:
            for name in names_of(entry.term):
                self.by_name.setdefault(name.casefold(), entry)
        names = sorted(self.by_name, key=len, reverse=True)  # the longest name wins at a place
        alternatives = "|".join(re.escape(name) for name in names)
        # \b fails next to a name that starts or ends with a symbol, so words are bounded by lookarounds instead.
        self.pattern = re.compile(rf"(?<!\w)(?:{alternatives})(?:s)?(?!\w)", re.IGNORECASE) if names else None

    def entry_for(self, matched: str) -> Entry | None:
        key = matched.casefold()
        return self.by_name.get(key) or (self.by_name.get(key[:-1]) if key.endswith("s") else None)

    def link(self, text) -> str:
        if text is None or text == "":
            return ""
        if isinstance(text, SafeData):
            return text
        if self.pattern is None:
            return conditional_escape(text)
        text = str(text)
        pieces, done, start = [], set(), 0
        for match in self.pattern.finditer(text):
            entry = self.entry_for(match.group(0))
            if entry is None or entry.slug in done:
                continue
            done.add(entry.slug)
            pieces.append(conditional_escape(text[start : match.start()]))
            pieces.append(
                format_html(
                    '<a class="glossary-link" href="{}#{}" title="{}">{}</a>',
                    self.url, entry.slug, entry.definition, match.group(0),
                )
            )
            start = match.end()
        pieces.append(conditional_escape(text[start:]))
        return mark_safe("".join(pieces))  # every piece is escaped or built by format_html


def names_of(term: str) -> list[str]:
    """The names a term is found by: 'Long name (ABBR)' by both parts, any other term by itself."""
    term = " ".join(term.split())
    match = _PARENTHESISED.match(term)
    if not match:
        return [term]
    return [term, match.group("name"), match.group("aside")]


def load_index() -> GlossaryIndex:
    from roadmap.models import GlossaryTerm

    rows = GlossaryTerm.objects.active().values_list("slug", "term", "definition")
    return GlossaryIndex(Entry(*row) for row in rows)


@register.simple_tag
def glossary_index() -> GlossaryIndex:
    return load_index()


@register.filter(is_safe=False)
def glossary_links(text, index: GlossaryIndex | None = None):
    return (index or load_index()).link(text)

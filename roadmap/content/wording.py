"""Checks of what learners read: no curator's jargon, no retired certification recommended.

``check_wording`` looks at every field the schema marks as shown (``Field.shown``) and
refuses two things, naming the file, the item and the field:

1. Jargon about the source documents. Curators call them "the seeds" and cite them by
   file name in ``source:``; a learner knows neither. So a shown text may not use the
   word "seed" or "seeds" (except in "random seed", which is ML, not jargon), nor a
   source's file name (``000_1221a195a99c286e.txt``). Pages show the source's title.
2. A retired certification recommended. A retired certification may be named only as
   retired: a text that names one, by its name (with or without the vendor's prefix,
   "Machine Learning" and "ML" alike) or its exam code, must say in the same text that
   it is retired. A question's right answers are read with the question's text (for an
   ordering question every choice is part of the answer); its wrong choices are exempt,
   since offering a retired exam as a wrong answer recommends nothing. The certification
   catalog is exempt too: its ``status`` says which are retired. And a step may not
   prepare for a retired certification (its ``certification``): point it at the
   ``replaced_by`` one.
"""

import re

from roadmap.content.reader import Content, Item
from roadmap.content.schema import CHOICES, STRLIST

JARGON = (
    (re.compile(r"(?<!random )\bseeds?\b", re.IGNORECASE), "speaks of 'seeds'"),
    (re.compile(r"\b\d{3}_[0-9a-f]{16}\.txt\b", re.IGNORECASE), "names a source's file"),
)
RETIRED_WORD = re.compile(r"\bretir(?:e|ed|es|ing|ement)\b", re.IGNORECASE)
NOT_A_WORD = re.compile(r"[^a-z0-9]+")
VENDOR_PREFIXES = ("aws certified ", "microsoft certified ", "google cloud ", "aws ")
FIX_JARGON = "say what the content says, and leave the document to `source:` (pages show its title)"


def check_wording(content: Content) -> list[str]:
    retired = _retired_certifications(content)
    problems = []
    for items in content.items.values():
        for item in items:
            problems += _jargon(item)
            if item.kind.name != "certification":
                problems += _retired_named(item, retired)
    return problems + _retired_steps(content, retired)


def shown_texts(item: Item) -> list[tuple[str, str]]:
    """(label, text) of every text a learner reads on the item; the label names the field."""
    texts = []
    for fld in item.kind.all_fields:
        value = item.values[fld.name]
        if not fld.shown or not value:
            continue
        if fld.type == STRLIST:
            texts += [(f"{fld.name} #{n}", text) for n, text in enumerate(value, 1)]
        elif fld.type == CHOICES:
            texts += [(f"choice '{choice['key']}'", choice["text"]) for choice in value]
        else:
            texts.append((fld.name, value))
    return texts


def _jargon(item: Item) -> list[str]:
    return [
        f"{item.where}: '{label}' {what} ({match.group(0)!r}); {FIX_JARGON}"
        for label, text in shown_texts(item)
        for pattern, what in JARGON
        if (match := pattern.search(text))
    ]


def _normalised(text: str) -> str:
    """Lower case, 'machine learning' as 'ml', punctuation and dashes as single spaces, padded."""
    text = text.lower().replace("machine learning", "ml")
    return f" {' '.join(NOT_A_WORD.sub(' ', text).split())} "


def _retired_certifications(content: Content) -> dict[str, list[str]]:
    """Each retired certification's slug -> the normalised ways a text may name it."""
    names = {}
    for cert in content.of("certification"):
        if cert.values["status"] != "retired":
            continue
        name = _normalised(cert.values["name"])
        ways = {name, *(f" {name.removeprefix(f' {p}')}" for p in VENDOR_PREFIXES if name.startswith(f" {p}"))}
        if cert.values["code"]:
            ways.add(_normalised(cert.values["code"]))
        names[cert.slug] = sorted(ways)
    return names


def _names_retired(text: str, retired: dict[str, list[str]]) -> str:
    """The slug of a retired certification ``text`` names without saying it is retired, or ""."""
    if RETIRED_WORD.search(text):
        return ""
    normalised = _normalised(text)
    return next((slug for slug, ways in retired.items() if any(way in normalised for way in ways)), "")


def _retired_named(item: Item, retired: dict[str, list[str]]) -> list[str]:
    if not retired:
        return []
    problems = []
    answers = _answers(item)
    for label, text in shown_texts(item):
        if label.startswith("choice '"):
            if label not in answers:
                continue  # a wrong choice recommends nothing
            text = f"{item.values['text']} {text}"  # the answer, read with its question
        slug = _names_retired(text, retired)
        if slug:
            problems.append(
                f"{item.where}: '{label}' names the retired certification '{slug}' without saying it is retired; "
                "recommend its replacement, or say it is retired"
            )
    return problems


def _answers(item: Item) -> set[str]:
    """Labels of a question's choices that make up its right answer."""
    if item.kind.name != "question":
        return set()
    ordering = item.values["type"] == "ordering"
    return {f"choice '{c['key']}'" for c in item.values["choices"] if ordering or c.get("correct")}


def _retired_steps(content: Content, retired: dict[str, list[str]]) -> list[str]:
    replacement = {cert.slug: cert.values["replaced_by"] for cert in content.of("certification")}
    return [
        f"{step.where}: 'certification' is the retired '{step.values['certification']}'; "
        f"prepare for its replacement '{replacement[step.values['certification']] or '(none named)'}' instead"
        for step in content.of("step")
        if step.values["certification"] in retired
    ]

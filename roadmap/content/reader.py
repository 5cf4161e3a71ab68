"""Read and validate the content files, before anything is written.

Every problem is collected and raised together as one ``ContentError``, each
message naming its file and item, so a curator fixes a file in one pass.
"""

import datetime
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist

from roadmap.content.schema import (
    CHOICE_KEYS,
    CHOICES,
    DATE,
    INT,
    KINDS,
    LEVEL_RANGE,
    LEVELS,
    REF,
    REFS,
    STR,
    STRLIST,
    Field,
    Kind,
)
from roadmap.content.sources import SEED_FILES

SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class ContentError(Exception):
    """The content files are malformed; ``messages`` names each file and item."""

    def __init__(self, messages: list[str]):
        self.messages = messages
        super().__init__("\n".join(messages))


@dataclass
class Item:
    kind: Kind
    slug: str
    values: dict  # every key of the kind, defaults filled in
    where: str  # "content/steps.yaml: step 'x'", the prefix of every message


@dataclass
class Content:
    items: dict[str, list[Item]] = field(default_factory=dict)

    def of(self, kind_name: str) -> list[Item]:
        return self.items.get(kind_name, [])

    def slugs(self, kind_name: str) -> set[str]:
        return {item.slug for item in self.of(kind_name)}


def read_content(*, directory: Path) -> Content:
    """Parse and validate every content file in ``directory``; raise ContentError on any problem."""
    errors: list[str] = []
    raw = _read_files(directory, errors)
    content = Content({kind.name: [] for kind in KINDS})
    # Slugs of items that failed validation still resolve references, so one bad item gives one message.
    invalid: dict[str, set[str]] = {kind.name: set() for kind in KINDS}
    for kind in KINDS:
        for where, data in raw.get(kind.name, []):
            item = _validate_item(kind, where, data, errors)
            if item:
                content.items[kind.name].append(item)
            elif isinstance(data, dict):
                invalid[kind.name].add(str(data.get("slug")))
    _check_unique_slugs(content, errors)
    _check_references(content, invalid, errors)
    if errors:
        raise ContentError(errors)
    return content


def display_path(directory: Path, file: str) -> str:
    return f"{directory.name}/{file}"


def _read_files(directory: Path, errors: list[str]) -> dict[str, list[tuple[str, object]]]:
    """Each top-level kind's raw items with their place, nested kinds unpacked."""
    raw: dict[str, list[tuple[str, object]]] = {}
    for kind in KINDS:
        if kind.nested_in:
            continue
        path = directory / kind.file
        shown = display_path(directory, kind.file)
        entries = [] if kind.optional and not path.exists() else _parse_file(path, shown, errors)
        raw[kind.name] = [(f"{shown}: {kind.name} #{n}", data) for n, data in enumerate(entries, 1)]
    for kind in KINDS:
        if kind.nested_in:
            raw[kind.name] = list(_unnest(kind, raw[kind.nested_in[0]], errors))
    return raw


# libyaml's parser is several times faster than the pure-Python one (the content is read on every load).
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse_file(path: Path, shown: str, errors: list[str]) -> list:
    if not path.exists():
        errors.append(f"{shown}: file is missing")
        return []
    text = path.read_text(encoding="utf-8")
    try:
        data = yaml.load(text, Loader=SAFE_LOADER)
    except yaml.YAMLError as exc:
        errors.append(f"{shown}: {_yaml_error_place(exc, text)}invalid YAML: {_first_line(exc)}")
        return []
    if data is None:
        return []
    if not isinstance(data, list):
        errors.append(f"{shown}: the file must hold a list of items, not {type(data).__name__}")
        return []
    return data


def _yaml_error_place(exc: yaml.YAMLError, text: str) -> str:
    """'line 12, in item 'x': ' for a syntax error, naming the last slug above the error."""
    mark = getattr(exc, "problem_mark", None)
    if mark is None:
        return ""
    lines = text.splitlines()[: mark.line + 1]
    slugs = [m.group(1) for line in lines if (m := re.match(r"^\s*-?\s*slug:\s*['\"]?([\w-]+)", line))]
    item = f" in item '{slugs[-1]}'" if slugs else ""
    return f"line {mark.line + 1}{item}: "


def _first_line(exc: Exception) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__


def _unnest(kind: Kind, parents: list[tuple[str, object]], errors: list[str]):
    """Lift the items nested in their parents (portfolio steps) out, naming the parent."""
    _, key, parent_key = kind.nested_in
    for where, parent in parents:
        if not isinstance(parent, dict) or key not in parent:
            continue
        children = parent.pop(key)
        if not isinstance(children, list):
            errors.append(f"{where}: '{key}' must be a list")
            continue
        for n, child in enumerate(children, 1):
            if isinstance(child, dict):
                child = {parent_key: parent.get("slug"), **child}
            yield f"{_named(where, parent.get('slug'))}: {kind.name} #{n}", child


def _named(where: str, slug) -> str:
    """Swap the item's number in ``where`` ("step #3") for its slug once it has one."""
    if not isinstance(slug, str) or not slug:
        return where
    head, _, label = where.rpartition(": ")
    return f"{head}: {label.rsplit(' #', 1)[0]} '{slug}'"


def _validate_item(kind: Kind, where: str, data, errors: list[str]) -> Item | None:
    if not isinstance(data, dict):
        errors.append(f"{where}: an item must be a mapping of keys to values")
        return None
    where = _named(where, data.get("slug"))
    before = len(errors)
    known = {f.name for f in kind.all_fields}
    errors.extend(f"{where}: unknown key '{key}'" for key in data if key not in known)
    values = {}
    for fld in kind.all_fields:
        if fld.name not in data or data[fld.name] is None:
            if fld.required:
                errors.append(f"{where}: missing key '{fld.name}'")
            values[fld.name] = fld.default
            continue
        problem = _type_problem(kind, fld, data[fld.name])
        if problem:
            errors.append(f"{where}: '{fld.name}' {problem}")
        values[fld.name] = data[fld.name]
    if len(errors) > before:
        return None
    return Item(kind, values["slug"], values, where)


def _type_problem(kind: Kind, fld: Field, value) -> str:
    """Why ``value`` does not fit ``fld``, or "" when it does."""
    checker = {
        STR: _str_problem,
        INT: _int_problem,
        DATE: _date_problem,
        STRLIST: _strlist_problem,
        REF: _ref_problem,
        REFS: _refs_problem,
        LEVELS: _levels_problem,
        CHOICES: _choices_problem,
    }[fld.type]
    return checker(kind, fld, value)


def _str_problem(kind: Kind, fld: Field, value) -> str:
    if not isinstance(value, str):
        return f"must be text, not {type(value).__name__}"
    if fld.required and not value.strip():
        return "must not be empty"
    if fld.name == "slug" and not SLUG_RE.match(value):
        return f"'{value}' is not a slug (lower-case letters, digits and single hyphens)"
    if fld.name == "source" and value not in SEED_FILES:
        return f"'{value}' is not one of the source documents ({', '.join(SEED_FILES)})"
    model_field = _model_field(kind, fld)
    if model_field is None:
        return ""
    choices = [str(key) for key, _ in model_field.flatchoices] if model_field.choices else []
    if choices and value not in choices:
        return f"'{value}' is not one of: {', '.join(c or '(empty)' for c in choices)}"
    if model_field.max_length and len(value) > model_field.max_length:
        return f"is longer than {model_field.max_length} characters"
    return ""


def _model_field(kind: Kind, fld: Field):
    model = apps.get_model(kind.model)
    try:
        return model._meta.get_field(fld.name)
    except FieldDoesNotExist:  # a YAML key with no model field of its name
        return None


def _int_problem(kind: Kind, fld: Field, value) -> str:
    if not isinstance(value, int) or isinstance(value, bool):
        return f"must be a whole number, not {type(value).__name__}"
    if fld.minimum is not None and value < fld.minimum:
        return f"must be at least {fld.minimum}"
    if fld.maximum is not None and value > fld.maximum:
        return f"must be at most {fld.maximum}"
    return ""


def _date_problem(kind: Kind, fld: Field, value) -> str:
    if not isinstance(value, datetime.date) or isinstance(value, datetime.datetime):
        return "must be a date written YYYY-MM-DD"
    return ""


def _strlist_problem(kind: Kind, fld: Field, value) -> str:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        return "must be a list of non-empty texts"
    if fld.length is not None and len(value) != fld.length:
        return f"must hold exactly {fld.length} entries, not {len(value)}"
    return ""


def _ref_problem(kind: Kind, fld: Field, value) -> str:
    return "" if isinstance(value, str) and value else "must be a slug"


def _refs_problem(kind: Kind, fld: Field, value) -> str:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        return "must be a list of slugs"
    if fld.required and not value:
        return "must name at least one item"
    if len(set(value)) != len(value):
        return "names an item twice"
    return ""


def _levels_problem(kind: Kind, fld: Field, value) -> str:
    low, high = LEVEL_RANGE
    if not isinstance(value, dict) or not value:
        return "must map slugs to levels"
    for slug, level in value.items():
        if not isinstance(level, int) or isinstance(level, bool) or not low <= level <= high:
            return f"level of '{slug}' must be a whole number from {low} to {high}"
    return ""


def _choices_problem(kind: Kind, fld: Field, value) -> str:
    if not isinstance(value, list) or not value:
        return "must be a list of choices, each a mapping with key, text and correct"
    keys = []
    for n, choice in enumerate(value, 1):
        if not isinstance(choice, dict):
            return f"choice #{n} must be a mapping with key, text and correct"
        unknown = [key for key in choice if key not in CHOICE_KEYS]
        if unknown:
            return f"choice #{n} has an unknown key '{unknown[0]}'"
        key, text = choice.get("key"), choice.get("text")
        if not isinstance(key, str) or not SLUG_RE.match(key):
            return f"choice #{n} needs a 'key' that is a slug"
        if not isinstance(text, str) or not text.strip():
            return f"choice '{key}' needs a 'text'"
        if not isinstance(choice.get("correct", False), bool):
            return f"choice '{key}': 'correct' must be true or false"
        keys.append(key)
    if len(set(keys)) != len(keys):
        return "uses a choice key twice"
    return ""


def _check_unique_slugs(content: Content, errors: list[str]) -> None:
    for items in content.items.values():
        seen: dict[str, str] = {}
        for item in items:
            if item.slug in seen:
                errors.append(f"{item.where}: duplicate slug, first used at {seen[item.slug]}")
            seen.setdefault(item.slug, item.where)


def _check_references(content: Content, invalid: dict[str, set[str]], errors: list[str]) -> None:
    for kind in KINDS:
        refs = [f for f in kind.fields if f.is_reference]
        for item in content.of(kind.name):
            for fld in refs:
                targets = content.slugs(fld.ref) | invalid[fld.ref]
                errors.extend(
                    f"{item.where}: unknown {fld.ref} '{slug}' in '{fld.name}'"
                    for slug in referenced_slugs(fld, item.values[fld.name])
                    if slug not in targets
                )


def referenced_slugs(fld: Field, value) -> list[str]:
    """The slugs a reference field's value names, in order."""
    if value is None:
        return []
    if fld.type == REF:
        return [value]
    return list(value)


"""Write the database's active content back to the YAML files.

Keys come in the schema's order, items in the models' order, and optional keys
holding their default are left out, as a curator writes them; so exporting freshly
loaded content gives back the same data, and loading an export changes nothing.
"""

from pathlib import Path

import yaml

from roadmap.content.loader import choice_rows, linked_ids, model_of
from roadmap.content.schema import CHOICES, KINDS, LEVELS, REF, REFS, Kind

HEADER = (
    "# ArchPath curated content: {file}\n"
    "# The source of truth. Edit here or in the admin (then `manage.py export_content`);\n"
    "# `manage.py check_content` checks, `manage.py load_content` loads. Every item cites its seed in `source:`.\n"
)


def export_content(*, directory: Path) -> list[Path]:
    """Write one file per top-level kind into ``directory``; return the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in KINDS:
        if kind.nested_in:
            continue
        items = [_item_data(kind, row) for row in model_of(kind).objects.active()]
        for child in (k for k in KINDS if k.nested_in and k.nested_in[0] == kind.name):
            _nest(child, items)
        path = directory / kind.file
        path.write_text(HEADER.format(file=kind.file) + dump_items(items), encoding="utf-8")
        written.append(path)
    return written


def _item_data(kind: Kind, row) -> dict:
    data = {}
    for fld in kind.all_fields:
        value = _field_value(fld, row)
        if fld.required or value != fld.default:
            data[fld.name] = value
    return data


def _field_value(fld, row):
    if fld.type == REF:
        target = getattr(row, fld.name)
        return target.slug if target else None
    if fld.type == REFS:
        slug_of = dict(getattr(row, fld.name).values_list("pk", "slug"))
        return [slug_of[pk] for pk in linked_ids(row, fld.name)]
    if fld.type == CHOICES:
        return choice_rows(row)
    if fld.type == LEVELS:
        return {rs.skill.slug: rs.level for rs in row.role_skills.select_related("skill").order_by("pk")}
    return getattr(row, fld.name)


def _nest(child: Kind, parents: list[dict]) -> None:
    """Put each child item back inside its parent (portfolio steps inside their project)."""
    _, key, parent_key = child.nested_in
    by_slug = {parent["slug"]: parent for parent in parents}
    for row in model_of(child).objects.active():
        data = _item_data(child, row)
        parent = by_slug.get(data.pop(parent_key))
        if parent is not None:
            parent.setdefault(key, []).append(data)


class _ContentDumper(yaml.SafeDumper):
    """Short lists of slugs on one line, long texts as folded blocks, lists indented under their key."""

    def increase_indent(self, flow=False, indentless=False):
        return super().increase_indent(flow, False)


def _represent_list(dumper, data):
    flow = all(isinstance(v, str) and " " not in v for v in data) and len(", ".join(data)) < 80
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=flow and bool(data))


# YAML reads these as line breaks too, so a block scalar would not give them back: quote instead.
_OTHER_BREAKS = ("\r", "\x85", "\u2028", "\u2029")


def _represent_str(dumper, data):
    if any(mark in data for mark in _OTHER_BREAKS):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    style = "|" if "\n" in data else (">" if len(data) > 80 else None)
    return dumper.represent_scalar("tag:yaml.org,2002:str", data, style=style)


_ContentDumper.add_representer(list, _represent_list)
_ContentDumper.add_representer(str, _represent_str)


def dump_items(items: list[dict]) -> str:
    return yaml.dump(items, Dumper=_ContentDumper, sort_keys=False, allow_unicode=True, width=100)

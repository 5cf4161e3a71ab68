"""Write validated content into the database, touching only what differs.

A second load of the same files changes nothing (not even ``updated``). An item
whose slug has gone from the files is archived, never deleted, because learners'
progress points at it; an archived slug that comes back is restored.
"""

import random
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.db import models, transaction
from django.utils import timezone

from roadmap.content.checker import check_integrity
from roadmap.content.reader import Content, ContentError, Item, read_content
from roadmap.content.schema import CHOICES, KINDS, LEVELS, REF, REFS, Kind


@dataclass
class Tally:
    created: int = 0
    updated: int = 0
    archived: int = 0
    restored: int = 0

    def __str__(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, "
            f"{self.archived} archived, {self.restored} restored"
        )

    @property
    def changed(self) -> bool:
        return any((self.created, self.updated, self.archived, self.restored))


Rows = dict[str, dict[str, models.Model]]  # kind name -> slug -> row


def load_content(*, directory: Path) -> dict[str, Tally]:
    """Validate every file in ``directory``, then write them all in one transaction."""
    content = read_content(directory=directory)
    problems = check_integrity(content)
    if problems:
        raise ContentError(problems)
    tallies = {kind.name: Tally() for kind in KINDS}
    with transaction.atomic():
        rows: Rows = {}
        changed: set[tuple[str, str]] = set()  # (kind, slug) already counted
        for kind in KINDS:
            rows[kind.name] = _upsert_rows(kind, content.of(kind.name), rows, tallies[kind.name], changed)
        for kind in KINDS:
            for item in content.of(kind.name):
                if _sync_relations(item, rows) and (kind.name, item.slug) not in changed:
                    _touch(rows[kind.name][item.slug])
                    tallies[kind.name].updated += 1
        for kind in KINDS:
            tallies[kind.name].archived = _archive_missing(kind, content)
    return tallies


def model_of(kind: Kind) -> type[models.Model]:
    return apps.get_model(kind.model)


def _upsert_rows(kind: Kind, items: list[Item], rows: Rows, tally: Tally, changed: set) -> dict:
    model = model_of(kind)
    existing = {row.slug: row for row in model.objects.all()}
    for position, item in enumerate(items, 1):
        values = _column_values(kind, item, rows, position)
        row = existing.get(item.slug)
        if row is None:
            existing[item.slug] = model.objects.create(**values)
            tally.created += 1
            changed.add((kind.name, item.slug))
            continue
        differing = [name for name, value in values.items() if getattr(row, name) != value]
        if not differing:
            continue
        if "archived" in differing:
            tally.restored += 1
        else:
            tally.updated += 1
        changed.add((kind.name, item.slug))
        for name in differing:
            setattr(row, name, values[name])
        row.save(update_fields=[*differing, "updated"])
    return existing


def _column_values(kind: Kind, item: Item, rows: Rows, position: int) -> dict:
    """The row's own columns: plain values and references to kinds already written."""
    values = {"order": position, "archived": False}
    for fld in kind.all_fields:
        value = item.values[fld.name]
        if fld.type == REF:
            if fld.ref == kind.name:
                continue  # a reference to the same kind waits for _sync_relations
            values[f"{fld.name}_id"] = rows[fld.ref][value].pk if value else None
        elif fld.type not in (REFS, LEVELS, CHOICES):
            values[fld.name] = value
    return values


def _sync_relations(item: Item, rows: Rows) -> bool:
    """Set many-to-many links, skill levels and self-references; True if any changed."""
    row = rows[item.kind.name][item.slug]
    changed = False
    for fld in item.kind.fields:
        value = item.values[fld.name]
        if fld.type == REFS:
            changed |= _sync_links(row, fld.name, [rows[fld.ref][slug].pk for slug in value])
        elif fld.type == LEVELS:
            changed |= _sync_levels(row, [(rows[fld.ref][slug].pk, level) for slug, level in value.items()])
        elif fld.type == CHOICES:
            changed |= _sync_choices(row, value)
        elif fld.type == REF and fld.ref == item.kind.name:
            changed |= _sync_self_reference(row, fld.name, rows[fld.ref][value].pk if value else None)
    return changed


def linked_ids(row: models.Model, attr: str) -> list[int]:
    """The ids a many-to-many field links to, in the order they were linked."""
    through, source, target = _through(row, attr)
    return list(through.objects.filter(**{source: row.pk}).order_by("pk").values_list(target, flat=True))


def _through(row: models.Model, attr: str) -> tuple[type[models.Model], str, str]:
    fld = row._meta.get_field(attr)
    return fld.remote_field.through, f"{fld.m2m_field_name()}_id", f"{fld.m2m_reverse_field_name()}_id"


def _sync_links(row: models.Model, attr: str, wanted: list[int]) -> bool:
    # The link table keeps the YAML's order (by primary key), so export writes lists back as they were.
    if linked_ids(row, attr) == wanted:
        return False
    through, source, target = _through(row, attr)
    through.objects.filter(**{source: row.pk}).delete()
    through.objects.bulk_create([through(**{source: row.pk, target: pk}) for pk in wanted])
    return True


def _sync_levels(role: models.Model, wanted: list[tuple[int, int]]) -> bool:
    current = list(role.role_skills.order_by("pk").values_list("skill_id", "level"))
    if current == wanted:
        return False
    role.role_skills.all().delete()
    role.role_skills.model.objects.bulk_create(
        [role.role_skills.model(role=role, skill_id=skill_id, level=level) for skill_id, level in wanted]
    )
    return True


def choice_rows(question: models.Model) -> list[dict]:
    """A question's active choices as the YAML writes them (``correct`` only when true)."""
    rows = question.choices.filter(archived=False).order_by("position", "pk")
    return [{"key": c.key, "text": c.text, **({"correct": True} if c.correct else {})} for c in rows]


def _sync_choices(question: models.Model, wanted: list[dict]) -> bool:
    """Match choices by key: update in place, archive the ones gone (answers point at them)."""
    normalised = [{"key": c["key"], "text": c["text"], **({"correct": True} if c.get("correct") else {})} for c in wanted]
    if choice_rows(question) == normalised:
        return False
    existing = {choice.key: choice for choice in question.choices.all()}
    # New choices get their ids in a random order: learners see the ids, and ids in the
    # file's order would give away the answer of an ordering question.
    for position, data in random.sample(list(enumerate(normalised)), len(normalised)):
        values = {"text": data["text"], "correct": data.get("correct", False), "position": position, "archived": False}
        choice = existing.pop(data["key"], None)
        if choice is None:
            question.choices.create(key=data["key"], **values)
        elif any(getattr(choice, name) != value for name, value in values.items()):
            for name, value in values.items():
                setattr(choice, name, value)
            choice.save()
    question.choices.filter(pk__in=[c.pk for c in existing.values()]).update(archived=True)
    return True


def _sync_self_reference(row: models.Model, attr: str, pk: int | None) -> bool:
    if getattr(row, f"{attr}_id") == pk:
        return False
    setattr(row, f"{attr}_id", pk)
    row.save(update_fields=[f"{attr}_id"])
    return True


def _touch(row: models.Model) -> None:
    row.save(update_fields=["updated"])


def _archive_missing(kind: Kind, content: Content) -> int:
    gone = model_of(kind).objects.filter(archived=False).exclude(slug__in=content.slugs(kind.name))
    return gone.update(archived=True, updated=timezone.now())

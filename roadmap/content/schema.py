"""What each content file holds: the kinds of item, their keys and their references.

One ``Kind`` per model. The loader, the checker and the exporter all read these
declarations, so a new key is added here once. Choices and maximum lengths are
read from the model fields, so the YAML and the database cannot disagree on them.
"""

from dataclasses import dataclass

# Field types, as they appear in YAML.
STR = "str"
INT = "int"
DATE = "date"
STRLIST = "list of strings"
REF = "slug"  # one reference to another item, by slug
REFS = "list of slugs"  # many references, in order
LEVELS = "mapping of slug to level"  # skill slug -> required level 1-5
CHOICES = "list of choices"  # a question's answers: {key, text, correct}, matched by key

# Which fields learners read, so the checker holds them to plain wording (roadmap/content/wording.py):
# every text (STR), every list of texts (STRLIST) and a question's choice texts (CHOICES: the ``text``
# of each choice, not its ``key``). Not shown: the slug and the ``source`` (a curator's file name; pages
# show the source's title from sources.py instead), and whatever is not text: numbers, dates,
# references to other items (REF, REFS, LEVELS), choice keys and the ``order`` the loader assigns.
SHOWN_TYPES = (STR, STRLIST, CHOICES)
NOT_SHOWN = ("slug", "source")

LEVEL_RANGE = (1, 5)
CHOICE_KEYS = {"key": str, "text": str, "correct": bool}


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool = False
    ref: str = ""  # the kind a REF, REFS or LEVELS field points at
    minimum: int | None = None
    maximum: int | None = None
    length: int | None = None  # exact length of a STRLIST
    fallback: str | None = None  # default of an optional STR when it is not ""

    @property
    def default(self):
        """The value an absent optional key means; the exporter leaves such keys out."""
        if self.fallback is not None:
            return self.fallback
        return {STRLIST: [], REFS: [], LEVELS: {}, CHOICES: [], STR: ""}.get(self.type)

    @property
    def is_reference(self) -> bool:
        return self.type in (REF, REFS, LEVELS)

    @property
    def shown(self) -> bool:
        """Whether learners read this field's text on a page (see SHOWN_TYPES and NOT_SHOWN)."""
        return self.type in SHOWN_TYPES and self.name not in NOT_SHOWN


SLUG = Field("slug", STR, required=True)
SOURCE = Field("source", STR, required=True)


@dataclass(frozen=True)
class Kind:
    name: str  # also the label in messages
    file: str
    model: str  # app_label.ModelName
    fields: tuple[Field, ...]
    # A kind written inside its parent's items: (parent kind, key in the parent, key naming the parent).
    nested_in: tuple[str, str, str] | None = None
    # A file a content folder may leave out (it then holds no items): kinds added after the first release.
    optional: bool = False

    @property
    def all_fields(self) -> tuple[Field, ...]:
        """Every key in the order the exporter writes it: slug first, source last."""
        return (SLUG, *self.fields, SOURCE)

    def field(self, name: str) -> Field:
        return next(f for f in self.all_fields if f.name == name)


KINDS: tuple[Kind, ...] = (
    # Ordered so that every kind comes after the kinds it points at (self-references aside).
    Kind(
        "skill",
        "skills.yaml",
        "roadmap.Skill",
        (
            Field("name", STR, required=True),
            Field("kind", STR, required=True),
            Field("description", STR),
            Field("level_descriptions", STRLIST, required=True, length=5),
        ),
    ),
    Kind(
        "resource",
        "resources.yaml",
        "roadmap.Resource",
        (
            Field("title", STR, required=True),
            Field("kind", STR, required=True),
            Field("url", STR),
            Field("provider", STR),
            Field("description", STR),
        ),
    ),
    Kind(
        "certification",
        "certifications.yaml",
        "roadmap.Certification",
        (
            Field("vendor", STR, required=True),
            Field("code", STR),
            Field("name", STR, required=True),
            Field("level", STR, required=True),
            Field("validity_months", INT, minimum=1),
            Field("renewal", STR),
            Field("status", STR, required=True),
            Field("retired_on", DATE),
            Field("replaced_by", REF, ref="certification"),
            Field("url", STR),
            Field("note", STR),
        ),
    ),
    Kind(
        "phase",
        "phases.yaml",
        "roadmap.Phase",
        (
            Field("name", STR, required=True),
            Field("summary", STR),
            Field("min_months", INT, required=True, minimum=1),
            Field("max_months", INT, required=True, minimum=1),
        ),
    ),
    Kind(
        "lifecycle phase",
        "lifecycle.yaml",
        "roadmap.LifecyclePhase",
        (Field("name", STR, required=True), Field("summary", STR)),
    ),
    Kind(
        "target role",
        "roles.yaml",
        "roadmap.TargetRole",
        (
            Field("name", STR, required=True),
            Field("summary", STR),
            Field("skills", LEVELS, required=True, ref="skill"),
        ),
    ),
    Kind(
        "portfolio project",
        "portfolio.yaml",
        "roadmap.PortfolioProject",
        (
            Field("title", STR, required=True),
            Field("summary", STR),
            Field("demo_path", STR),
            Field("enhancements", STRLIST),
        ),
    ),
    Kind(
        "portfolio step",
        "portfolio.yaml",
        "roadmap.PortfolioStep",
        (
            Field("project", REF, required=True, ref="portfolio project"),
            Field("title", STR, required=True),
            Field("summary", STR),
            Field("cloud_service", STR),
            Field("demo_feature", STR),
        ),
        nested_in=("portfolio project", "steps", "project"),
    ),
    Kind(
        "step",
        "steps.yaml",
        "roadmap.Step",
        (
            Field("phase", REF, required=True, ref="phase"),
            Field("title", STR, required=True),
            Field("summary", STR, required=True),
            Field("kind", STR, fallback="learn"),
            Field("estimated_hours", INT, required=True, minimum=1),
            Field("cloud", STR),
            Field("skills", REFS, required=True, ref="skill"),
            Field("prerequisites", REFS, ref="step"),
            Field("resources", REFS, ref="resource"),
            Field("target_roles", REFS, ref="target role"),
            Field("certification", REF, ref="certification"),
            Field("portfolio_project", REF, ref="portfolio project"),
        ),
    ),
    Kind(
        "background",
        "backgrounds.yaml",
        "roadmap.Background",
        (
            Field("name", STR, required=True),
            Field("summary", STR),
            Field("covers_skills", REFS, ref="skill"),
            Field("skips_steps", REFS, ref="step"),
            Field("skip_reason", STR),
        ),
    ),
    Kind(
        "question",
        "questions.yaml",
        "assessments.Question",
        (
            Field("type", STR, required=True),
            Field("topic", STR, required=True),
            Field("text", STR, required=True),
            Field("skills", REFS, required=True, ref="skill"),
            Field("difficulty", INT, required=True, minimum=1, maximum=3),
            Field("scoring", STR, fallback="all_or_nothing"),
            Field("choices", CHOICES, required=True),
            Field("explanation", STR, required=True),
        ),
        optional=True,
    ),
    Kind(
        "assessment",
        "assessments.yaml",
        "assessments.Assessment",
        (
            Field("title", STR, required=True),
            Field("description", STR),
            Field("kind", STR, required=True),
            Field("phase", REF, ref="phase"),
            Field("skills", REFS, required=True, ref="skill"),
            Field("question_count", INT, required=True, minimum=1),
            Field("time_limit_minutes", INT, minimum=1),
        ),
        optional=True,
    ),
    Kind(
        "glossary term",
        "glossary.yaml",
        "roadmap.GlossaryTerm",
        (
            Field("term", STR, required=True),
            Field("category", STR, required=True),
            Field("definition", STR, required=True),
        ),
        optional=True,
    ),
)

KIND_BY_NAME: dict[str, Kind] = {kind.name: kind for kind in KINDS}


"""The source documents the curated content is drawn from.

The documents live outside the repository (../shared/seeds), so they are named
here: the site must not need that folder at run time, yet every content item has
to cite one of them in its ``source:``. Curators see the file name (it is how they
find the document); learners see only the title, and the link where there is one.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Source:
    file: str  # the value of an item's ``source:``
    title: str  # what a page shows
    url: str = ""  # where a learner can read or watch it; "" when the document has no public address


SOURCES: tuple[Source, ...] = (
    Source(
        "000_1221a195a99c286e.txt",  # video notes: ML architect interview, lifecycle, portfolio template
        "How to become an AI/ML architect: from PhD to machine learning expert (video interview notes)",
        "https://www.youtube.com/watch?v=8w7mv0zjdUg",
    ),
    Source(
        "001_cbfb336960924c8e.txt",  # article: the path to becoming an ML architect, resource lists
        "The path to becoming a machine learning architect",
    ),
    Source(
        "002_bb9afe72a885fb61.txt",  # career guide: the ML architect role, skills, best practices
        "Machine learning architect: a career guide to the role, skills and best practices",
    ),
    Source(
        "003_7c2755f8feb8375e.txt",  # article: from software developer to ML architect
        "Transitioning from software developer to machine learning architect",
    ),
    Source(
        "004_9b58b02f6bd56a21.txt",  # article: the AI architect role, 3-phase roadmap
        "AI architect: role, responsibilities, skills and future",
    ),
)

SEED_FILES: tuple[str, ...] = tuple(source.file for source in SOURCES)
_BY_FILE = {source.file: source for source in SOURCES}
# The admin's choices: the stored value is the file an item cites, the label its title.
SOURCE_CHOICES: tuple[tuple[str, str], ...] = tuple((source.file, source.title) for source in SOURCES)


def source_title(file: str) -> str:
    """The title a page shows for an item's ``source:``; "" for a file that is not a source."""
    source = _BY_FILE.get(file)
    return source.title if source else ""


def source_url(file: str) -> str:
    source = _BY_FILE.get(file)
    return source.url if source else ""

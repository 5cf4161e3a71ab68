"""The seed documents the curated content is drawn from.

The seeds live outside the repository (../shared/seeds), so their names are fixed
here: the site must not need that folder at run time, yet every content item has
to cite one of them in its ``source:``.
"""

SEED_FILES: tuple[str, ...] = (
    "000_1221a195a99c286e.txt",  # video notes: ML architect interview, lifecycle, portfolio template
    "001_cbfb336960924c8e.txt",  # article: the path to becoming an ML architect, resource lists
    "002_bb9afe72a885fb61.txt",  # career guide: the ML architect role, skills, best practices
    "003_7c2755f8feb8375e.txt",  # article: from software developer to ML architect
    "004_9b58b02f6bd56a21.txt",  # article: the AI architect role, 3-phase roadmap
)

"""The Content-Disposition of every file the site hands out (RFC 6266).

A file name often comes from a person (an upload's name, a username), so it is never written into
the header as it is: the header gives `filename*=UTF-8''<percent-encoded name>` for browsers, which
all read it, and a plain ASCII `filename="..."` fallback for clients that do not, both built from
the name so that no quote, semicolon, control character or non-ASCII letter can end the value
early or add a parameter of its own.
"""

import re
import unicodedata
from urllib.parse import quote

# What the ASCII fallback keeps; anything else becomes "_" (quotes, backslashes, ";", "<", ...).
_UNSAFE = re.compile(r"[^A-Za-z0-9._ ()+-]+")
_MEANINGFUL = re.compile(r"[A-Za-z0-9]")
FALLBACK = "download"


def ascii_filename(name: str) -> str:
    """The name in plain ASCII, safe inside a quoted header value: `"Résumé".txt` -> `_Resume_.txt`."""
    # Accented letters keep their base letter (é -> e); anything else unsafe becomes "_".
    decomposed = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    safe = _UNSAFE.sub("_", decomposed)
    stem, dot, suffix = safe.rpartition(".")
    if not dot:
        stem, suffix = safe, ""
    stem = stem.strip(" .")
    # A stem or suffix with no letter or digit left ("日本.txt" -> "_.txt") says nothing: a plain one instead.
    stem = stem if _MEANINGFUL.search(stem) else FALLBACK
    return f"{stem}.{suffix}" if _MEANINGFUL.search(suffix) else stem


def content_disposition(filename: str, *, inline: bool = False) -> str:
    """The header value: `attachment; filename="<ascii>"; filename*=UTF-8''<name>`."""
    kind = "inline" if inline else "attachment"
    name = "".join(ch for ch in filename if unicodedata.category(ch)[0] != "C") or FALLBACK
    return f"{kind}; filename=\"{ascii_filename(name)}\"; filename*=UTF-8''{quote(name, safe='')}"


def as_download(response, filename: str, *, inline: bool = False):
    """Set the response's Content-Disposition for `filename` and return the response."""
    response["Content-Disposition"] = content_disposition(filename, inline=inline)
    return response

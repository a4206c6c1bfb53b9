"""A web page's author, as its metadata or byline gives it, made into names.

trafilatura reads the author from the page (meta tags, JSON-LD, the byline) and joins
several with "; ". Bylines carry more than names: "By", a date run on after the name
("Nathan Willis March 26, 2015" loses its digits and leaves "Nathan Willis March"), a
profile link, credentials ("MA"), the same name again in capitals, and sites fill the
field with placeholders ("Username", "Follow Author"). What is left is each name once.
"""

from __future__ import annotations

import re

_MONTHS = (
    "january february march april may june july august september october november "
    "december jan feb mar apr jun jul aug sep sept oct nov dec"
).split()
_WEEKDAYS = "monday tuesday wednesday thursday friday saturday sunday".split()
# Words a byline puts before a name, or that begin what is not a name.
_LEADS = re.compile(r"^(?:by|written by|posted by|words by|author:?)\s+", re.IGNORECASE)
_NOT_A_NAME = re.compile(
    r"^(?:(?:last\s+)?updated|published|posted|follow|share|contributors?\b|authority\b)",
    re.IGNORECASE,
)
# Fields a site fills when it has no author.
_PLACEHOLDERS = {"username", "user", "admin", "administrator", "author", "staff", "unknown"}
_TITLES = {"ma", "md", "phd", "rn", "bsc", "msc", "jr", "sr"}
_LINK = re.compile(r"\s*(?:\(|https?\b|www\.).*$", re.IGNORECASE)


def names(raw: str | None) -> str | None:
    """The names in ``raw``, joined by ", ", or None when there are none."""
    if not raw:
        return None
    found: list[str] = []
    seen: set[str] = set()
    for part in re.split(r"\s*[;|]\s*|\s+and\s+|\s*,\s+(?=\S+\s+\S)", raw):
        name = _name(part)
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            found.append(name)
        if _LINK.search(part):
            break  # what follows is the link's pieces ("http; Ebb Org; Bkuhn")
    return ", ".join(found) or None


def _name(part: str) -> str | None:
    part = _LINK.sub("", _LEADS.sub("", part.strip())).strip(" ,.-–—:")
    if not part or any(character.isdigit() for character in part) or _NOT_A_NAME.match(part):
        return None
    words = part.split()
    # A date run on after the name: a weekday or a month, and what follows it. Two words
    # stay as they are ("Theresa May" is a name).
    for index, word in enumerate(words[2:], start=2):
        if word.casefold().strip(".,") in _MONTHS + _WEEKDAYS:
            words = words[:index]
            break
    if words and words[-1].casefold().strip(".,") in _WEEKDAYS:
        words = words[:-1]
    part = " ".join(words)
    if part.casefold() in _PLACEHOLDERS or part.casefold() in _MONTHS + _WEEKDAYS:
        return None
    # A credential on its own ("MA", "PhD") is not a name.
    if len(words) == 1 and len(part) <= 4 and (not part.istitle() or part.casefold() in _TITLES):
        return None
    return part

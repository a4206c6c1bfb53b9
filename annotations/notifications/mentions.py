"""``@username`` in a reader's text (pure): who it names, and where."""

from __future__ import annotations

import re

# Django's usernames are letters, digits and @.+-_; a mention stops before "@" and a
# final ".", so "@ana." at the end of a sentence names "ana", and ana@example.org no one.
MENTION_RE = re.compile(r"(?<![\w@.+-])@([\w+-](?:[\w.+-]*[\w+-])?)")
# More than this in one text are not notified: a comment is not a mailing list.
MAX_MENTIONS = 20


def mentioned_usernames(text: str) -> list[str]:
    """The usernames ``text`` mentions, in order, each once, at most ``MAX_MENTIONS``."""
    names: list[str] = []
    for match in MENTION_RE.finditer(text or ""):
        name = match.group(1)
        if name not in names:
            names.append(name)
        if len(names) == MAX_MENTIONS:
            break
    return names

"""Web page chrome: lines a page prints around an article that are not the article.

Each pattern matches a whole line (already whitespace-collapsed) and carries
the reason the ingest report gives for dropping it.
"""

from __future__ import annotations

import re

_DAYS = "monday|tuesday|wednesday|thursday|friday|saturday|sunday"
_MONTHS = "january|february|march|april|may|june|july|august|september|october|november|december"

# A notice whose label comes on a line of its own, with the notice on the next.
DISCUSSION_NOTICE = "discussion-page notice"

CHROME_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), reason)
    for pattern, reason in (
        (r"downloading (pdf|file)\b.*", "download banner"),
        (r"(click|tap) here to download\b.*", "download banner"),
        (
            r"this (article|post|story) is (over|more than) \d+ (years?|months?)\b.*old",
            "age banner",
        ),
        (r"issue \d{1,5}", "issue label"),
        (
            r"(sign up|subscribe|register)\b.{0,60}\b(newsletter|email|e-mail|update|updates)\b.*",
            "newsletter sign-up",
        ),
        (r"(get|join) our (daily |weekly )?(newsletter|email|e-mail)\b.*", "newsletter sign-up"),
        (r"latest (news|posts|articles|stories)", "news list"),
        (r"(related|recommended|popular|more) (articles|posts|stories|reading)", "news list"),
        (r"read more|share this( article| post| story)?:?|share:", "sharing widget"),
        (r"(make|give) a donation\b.*", "donation appeal"),
        (r"(donate|donate now|support us|help fund)\b.*", "donation appeal"),
        (r"leave a (comment|reply)", "comment widget"),
        (r"(no|\d+) comments?:?", "comment widget"),
        (r"post a comment", "comment widget"),
        (r"(newer|older) posts?( home)?", "blog navigation"),
        (r"subscribe to: ?post comments.*", "blog navigation"),
        (r"facebook discussion page:?", DISCUSSION_NOTICE),
        (r"published:? .{0,40}\d{4}( updated:? .{0,20}\d{4})?", "dateline"),
        (r"advertisement|skip to (main )?content", "page furniture"),
        (r"(\* ?){3,}|[-_=~·•]{3,}", "separator"),
        (rf"(({_DAYS}),? )?\d{{1,2}} ({_MONTHS}),? \d{{4}}", "dateline"),
        (rf"(({_DAYS}),? )?({_MONTHS}) \d{{1,2}},? \d{{4}}", "dateline"),
    )
)


_MAX_CHROME = 160

_ANY_CHROME = re.compile(
    "|".join(f"(?:{pattern.pattern})" for pattern, _ in CHROME_PATTERNS), re.IGNORECASE
)


# How every pattern above can open: its first word, a digit, a separator's mark.
_OPENINGS = (
    *"downloading click tap this issue sign subscribe register get join latest related "
    "recommended popular more read share make give donate support help leave no post newer "
    "older facebook published advertisement skip".split(),
    *_DAYS.split("|"),
    *_MONTHS.split("|"),
    *"0123456789*-_=~",
)
_HEAD = max(len(opening) for opening in _OPENINGS)


def chrome_reason(line: str) -> str | None:
    """Why ``line`` is page chrome, or None when it is text."""
    if len(line) > _MAX_CHROME:
        return None
    head = line[:_HEAD]
    # An ASCII line's opening rules most lines out at once; any other goes to the
    # patterns (which, ignoring case, match "ſ" for "s").
    if head.isascii() and not head.lower().startswith(_OPENINGS):
        return None
    if not _ANY_CHROME.fullmatch(line):
        return None
    for pattern, reason in CHROME_PATTERNS:
        if pattern.fullmatch(line):
            return reason
    return None

"""A search hit's snippet as HTML: the excerpt escaped, each match in ``<mark>``."""

from __future__ import annotations

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from corpus.search import Snippet


def snippet_html(snippet: Snippet) -> SafeString:
    """``snippet``'s text with each match in ``<mark>``, and "…" where the paragraph goes on.

    Everything from the text is HTML-escaped; the only markup is ``<mark>``.
    """
    parts = ["…"] if snippet.cut_before else []
    position = 0
    for start, end in snippet.spans:
        parts.append(escape(snippet.text[position:start]))
        parts.append(f"<mark>{escape(snippet.text[start:end])}</mark>")
        position = end
    parts.append(escape(snippet.text[position:]))
    if snippet.cut_after:
        parts.append("…")
    return mark_safe("".join(parts))

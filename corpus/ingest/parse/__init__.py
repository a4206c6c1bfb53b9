"""Raw text to blocks.

Three dialects reach us, each read by its own module. *Wrapped* text (a PDF
extraction) breaks lines at a fixed measure (``wrapped.py``). *Line* text (a web page
copied out) holds one paragraph per line (``lines.py``). *Markdown* has ATX headings,
'>' quotes and lists (``markdown.py``). The dialect is read off the text; ``base.py``
holds what the dialects share, ``patterns.py`` the line shapes they look for.
"""

from __future__ import annotations

from ..blocks import DroppedLine, ParsedDocument
from ..chrome import DISCUSSION_NOTICE, chrome_reason
from ..text import collapse, normalise_source
from .base import Line, Parser
from .lines import LineParser
from .markdown import MarkdownParser, is_markdown
from .wrapped import WrappedParser, is_wrapped

__all__ = ["parse_text"]


def parse_text(text: str) -> ParsedDocument:
    """Parse one document's raw text into blocks (see ``blocks.py``)."""
    lines, dropped = _read_lines(normalise_source(text))
    non_blank = [line for line in lines if line is not None]
    if not non_blank:
        return ParsedDocument(blocks=[], dropped=dropped)
    if is_markdown(non_blank):
        parser: Parser = MarkdownParser(lines, dropped)
    elif is_wrapped(non_blank):
        parser = WrappedParser(lines, dropped)
    else:
        parser = LineParser(lines, dropped)
    return parser.parse()


def _read_lines(source: str) -> tuple[list[Line | None], list[DroppedLine]]:
    """The source's lines, collapsed, with None for a blank line or a line of page chrome."""
    lines: list[Line | None] = []
    dropped: list[DroppedLine] = []
    previous_text = ""
    previous_reason: str | None = None
    for no, raw in enumerate(source.split("\n"), start=1):
        collapsed = collapse(raw)
        if not collapsed:
            lines.append(None)
            continue
        reason = chrome_reason(collapsed)
        if reason is None and collapsed == previous_text and len(collapsed) > 20:
            reason = "duplicate line (a caption printed twice)"
        if reason is None and previous_reason == DISCUSSION_NOTICE:
            reason = f"{DISCUSSION_NOTICE} (its text)"
        previous_text, previous_reason = collapsed, reason
        if reason:
            dropped.append(DroppedLine(no, collapsed, reason))
            lines.append(None)
            continue
        lines.append(Line(no, collapsed, raw[:1].isspace()))
    return lines, dropped

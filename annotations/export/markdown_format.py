"""Markdown for notes apps (Obsidian first): front matter, then the notes by section."""

from __future__ import annotations

import datetime
import json
import re

from annotations.export.links import Links
from annotations.export.rows import ExportRow

# Obsidian tags are letters, digits, "_", "-" and "/"; anything else becomes "-".
TAG_OUTSIDE = re.compile(r"[^\w/-]+")


def yaml_string(value: str) -> str:
    """A double-quoted YAML scalar (JSON's escaping is valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def front_matter(row: ExportRow, links: Links, exported: datetime.date) -> str:
    return (
        "---\n"
        f"title: {yaml_string(row.document_title)}\n"
        f"author: {yaml_string(row.document_author)}\n"
        f"source: {yaml_string(links.document(row.document_slug))}\n"
        f"exported: {exported.isoformat()}\n"
        "---\n\n"
        f"# {_one_line(row.document_title)}\n"
    )


def section_heading(row: ExportRow) -> str:
    level = min(row.section_level + 1, 6)
    return f"\n{'#' * level} {_one_line(row.section or row.document_title)}\n"


def obsidian_tag(name: str) -> str:
    return "#" + (TAG_OUTSIDE.sub("-", name).strip("-") or "tag")


def annotation_markdown(row: ExportRow, links: Links, *, attributed: bool = False) -> str:
    """A blockquote of the highlight, its comment (under its author's name when
    ``attributed``), whether a moderator hid it, its replies, its tags and a link to
    its paragraph."""
    quote = "\n".join(f"> {line}".rstrip() for line in row.exact.splitlines())
    parts = [quote]
    byline = [f"**{row.author}**"] if attributed else []
    if row.hidden:
        byline.append("*(hidden by a moderator)*")
    if byline:
        parts.append(" ".join(byline) + (f": {row.comment.strip()}" if row.comment.strip() else ""))
    elif row.comment.strip():
        parts.append(row.comment.strip())
    if row.replies:
        # A thread is a nested list, indented to three levels, then flat with whom it answers.
        parts.append(
            "\n".join(
                f"{'  ' * reply.depth}- **{reply.author}**"
                + (f" (in reply to @{reply.in_reply_to})" if reply.in_reply_to else "")
                + f" ({reply.created:%Y-%m-%d}): {_one_line(reply.body)}"
                for reply in row.replies
            )
        )
    where = f"[¶ {row.ordinal}]" if row.ordinal is not None else "[source]"
    footer = " ".join(obsidian_tag(tag) for tag in row.tags)
    link = f"{where}({links.paragraph(row.document_slug, row.ordinal)})"
    parts.append(f"{footer} · {link}" if footer else link)
    return "\n" + "\n\n".join(parts) + "\n"


def _one_line(text: str) -> str:
    return " ".join(text.split())

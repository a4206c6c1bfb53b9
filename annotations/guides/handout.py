"""A guide as Markdown, for download: the summary, key passages, then every passage."""

from __future__ import annotations

from annotations.export.links import Links
from annotations.export.markdown_format import yaml_string
from annotations.guides.guide import Guide, GuidePassage


def guide_markdown(guide: Guide, links: Links) -> str:
    lines = [
        "---",
        f"topic: {yaml_string(guide.name)}",
        f"scope: {yaml_string(guide.scope.label)}",
        f"passages: {guide.passage_count}",
        f"members: {guide.member_count}",
        "---",
        "",
        f"# {_one_line(guide.name)}",
    ]
    if guide.summary and guide.summary.body:
        lines += ["", guide.summary.body]
    if guide.key_passages:
        lines += ["", "## Key passages"]
        for passage in guide.key_passages:
            lines += ["", *_quote(passage), "", _footer(passage, links)]
    for document in guide.documents:
        lines += ["", f"## {_one_line(document.title)}"]
        for section in document.sections:
            if section.title:
                lines += ["", f"### {_one_line(section.title)}"]
            for passage in section.passages:
                lines += ["", *_quote(passage)]
                for annotation in passage.annotations:
                    hidden = " (hidden by a moderator)" if annotation.hidden else ""
                    if annotation.comment.strip() or hidden:
                        comment = annotation.comment.strip()
                        lines += ["", f"**{annotation.author}{hidden}:** {comment}".rstrip()]
                    for reply in annotation.replies:
                        to = f" (in reply to @{reply.in_reply_to})" if reply.in_reply_to else ""
                        indent = "  " * reply.depth
                        lines += ["", f"{indent}- *{reply.author}{to}:* {_one_line(reply.body)}"]
                lines += ["", _footer(passage, links)]
    if guide.related:
        lines += ["", "## Related topics", ""]
        lines += [f"- {name} ({count})" for name, count in guide.related]
    return "\n".join(lines) + "\n"


def _quote(passage: GuidePassage) -> list[str]:
    return [f"> {line}".rstrip() for line in passage.text.splitlines()]


def _footer(passage: GuidePassage, links: Links) -> str:
    members = f"{passage.member_count} member{'s' if passage.member_count != 1 else ''}"
    counts = ", ".join(f"{n} {kind}" for kind, n in passage.reactions.items() if n)
    where = f"[{passage.document_title}, ¶ {passage.ordinal}]"
    link = f"{where}({links.paragraph(passage.document_slug, passage.ordinal)})"
    return " · ".join(part for part in (members, counts, link) if part)


def _one_line(text: str) -> str:
    return " ".join(text.split())

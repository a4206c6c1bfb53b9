"""A guide as Markdown, for download: the summary, key passages, open questions, then
every passage in its sentence (the marked words in bold)."""

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
        *_limits(guide),
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
    if guide.open_questions:
        lines += ["", "## Open questions"]
        for question in guide.open_questions:
            annotation, passage = question.annotation, question.passage
            asked = f"*Asked by {annotation.author}:* {_one_line(annotation.comment)}".rstrip()
            lines += ["", *_quote(passage), "", asked, "", _footer(passage, links)]
    for document in guide.documents:
        lines += ["", f"## {_one_line(document.title)}"]
        for section in document.sections:
            if section.title:
                lines += ["", f"### {_one_line(section.title)}"]
            for passage in section.passages:
                lines += ["", *_quote(passage, in_sentence=True)]
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


def _limits(guide: Guide) -> list[str]:
    limits = guide.limits
    found = ["reading_list: true"] if limits.reading_list else []
    found += [f"since: {limits.since.isoformat()}"] if limits.since else []
    found += [f"until: {limits.until.isoformat()}"] if limits.until else []
    return found


def _quote(passage: GuidePassage, *, in_sentence: bool = False) -> list[str]:
    """The passage as a block quote; ``in_sentence``: inside its sentence, its words bold."""
    text = passage.text
    if in_sentence and (passage.before or passage.after):
        text = passage.before + "\n".join(map(_bold, text.split("\n"))) + passage.after
    return [f"> {line}".rstrip() for line in text.splitlines()]


def _bold(line: str) -> str:
    # Emphasis in Markdown may not start or end with a space: keep spaces outside it.
    core = line.strip()
    if not core:
        return line
    left = line[: len(line) - len(line.lstrip())]
    return f"{left}**{core}**{line[len(left) + len(core) :]}"


def _footer(passage: GuidePassage, links: Links) -> str:
    members = f"{passage.member_count} member{'s' if passage.member_count != 1 else ''}"
    counts = ", ".join(f"{n} {kind}" for kind, n in passage.reactions.items() if n)
    where = f"[{passage.document_title}, ¶ {passage.ordinal}]"
    link = f"{where}({links.paragraph(passage.document_slug, passage.ordinal)})"
    return " · ".join(part for part in (members, counts, link) if part)


def _one_line(text: str) -> str:
    return " ".join(text.split())

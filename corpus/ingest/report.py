"""A parsed document described for whoever ingests it: outline, counts, dropped lines."""

from __future__ import annotations

from collections import defaultdict

from .blocks import ParsedDocument

_EXAMPLES = 3
_SHOWN = 60


def report_lines(parsed: ParsedDocument) -> list[str]:
    """What ``manage.py ingest --dry-run`` prints for one file."""
    kinds: dict[str, int] = defaultdict(int)
    for block in parsed.blocks:
        kinds[block.kind] += 1
    markers = sum(len(block.refs) for block in parsed.blocks)
    lines = [
        f"title: {parsed.title or '-'}; author: {parsed.author or '-'}; "
        f"published: {parsed.published or '-'}",
        f"{len(parsed.blocks)} blocks: {kinds['heading']} headings, {kinds['body']} paragraphs, "
        f"{kinds['quote']} quotes, {kinds['list_item']} list items, {kinds['note']} notes, "
        f"{markers} note markers",
        "outline:",
    ]
    lines += [
        f"  {'  ' * (block.level - 1)}{block.level} {block.text[:_SHOWN]} (line {block.line})"
        for block in parsed.blocks
        if block.kind == "heading"
    ]
    by_reason: dict[str, list] = defaultdict(list)
    for dropped in parsed.dropped:
        by_reason[dropped.reason].append(dropped)
    lines.append(f"dropped lines: {len(parsed.dropped)}")
    for reason, dropped in sorted(by_reason.items(), key=lambda item: -len(item[1])):
        lines.append(f"  {reason}: {len(dropped)}")
        lines += [f"    line {d.line}: {d.text[:_SHOWN]}" for d in dropped[:_EXAMPLES]]
    notes = [block for block in parsed.blocks if block.kind == "note"]
    if notes:
        linked = {ref.number for block in parsed.blocks for ref in block.refs}
        unlinked = [note.number for note in notes if note.number not in linked]
        lines.append(f"notes: {len(notes)}, {len(notes) - len(unlinked)} with a marker")
        if unlinked:
            lines.append(f"  notes no marker points to: {unlinked[:20]}")
    lines += [f"warning: {warning}" for warning in parsed.warnings]
    return lines


def report_summary(parsed: ParsedDocument, *, first: int = 4) -> dict:
    """The same report as data (for a page or the API): what the file says of itself, the
    outline, counts, dropped lines by reason with examples, notes, the ``first``
    paragraphs as they will read, and the warnings."""
    kinds: dict[str, int] = defaultdict(int)
    for block in parsed.blocks:
        kinds[block.kind] += 1
    by_reason: dict[str, list] = defaultdict(list)
    for dropped in parsed.dropped:
        by_reason[dropped.reason].append(dropped)
    notes = [block for block in parsed.blocks if block.kind == "note"]
    linked = {ref.number for block in parsed.blocks for ref in block.refs}
    return {
        "title": parsed.title or "",
        "author": parsed.author or "",
        "published": parsed.published or "",
        "outline": [
            {"level": block.level, "text": block.text[:200]}
            for block in parsed.blocks
            if block.kind == "heading"
        ],
        "counts": {
            "blocks": len(parsed.blocks),
            "headings": kinds["heading"],
            "paragraphs": kinds["body"],
            "quotes": kinds["quote"],
            "list_items": kinds["list_item"],
            "notes": kinds["note"],
            "note_markers": sum(len(block.refs) for block in parsed.blocks),
            "words": sum(len(block.text.split()) for block in parsed.blocks),
        },
        "dropped": [
            {
                "reason": reason,
                "count": len(lines),
                "examples": [{"line": d.line, "text": d.text[:_SHOWN]} for d in lines[:_EXAMPLES]],
            }
            for reason, lines in sorted(by_reason.items(), key=lambda item: -len(item[1]))
        ],
        "notes": {
            "count": len(notes),
            "with_marker": sum(1 for note in notes if note.number in linked),
        },
        "first_paragraphs": [
            {"kind": block.kind, "text": block.text[:1000]}
            for block in parsed.blocks
            if block.kind != "heading"
        ][:first],
        "warnings": list(parsed.warnings),
    }

"""Make the derived test files from the public-domain EPUBs (see SOURCES-formats.md).

Run once by hand: `python tests/texts/derive.py` (needs reportlab, which the project
does not depend on). Markdown files carry front matter and [^n] footnotes; the PDF
sets chapters, paragraphs and page numbers as a printed book does.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE.parents[1]))

from corpus.ingest.readers import read_any  # noqa: E402


def markdown(epub: str, out: str, date: str, limit: int) -> None:
    parsed = read_any((HERE / "epub" / epub).read_bytes(), epub)
    lines = ["---", f"title: {parsed.title}", f"author: {parsed.author}", f"date: {date}", "---"]
    notes = {b.number: b.text for b in parsed.blocks if b.kind == "note"}
    used: list[int] = []
    for block in [b for b in parsed.blocks if b.kind != "note"][:limit]:
        text = block.text
        for ref in reversed(block.refs):
            text = f"{text[: ref.start]}[^{ref.number}]{text[ref.end :]}"
            used.append(ref.number)
        prefix = {"heading": "#" * (block.level + 1) + " ", "quote": "> ", "list_item": "- "}
        lines += ["", prefix.get(block.kind, "") + text]
    for number in sorted(set(used)):
        lines += ["", f"[^{number}]: {notes[number]}"]
    (HERE / "markdown" / out).write_text("\n".join(lines) + "\n", encoding="utf-8")


def pdf(epub: str, out: str, limit: int) -> None:
    from reportlab.lib.pagesizes import A5
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.platypus import Paragraph, SimpleDocTemplate

    parsed = read_any((HERE / "epub" / epub).read_bytes(), epub)
    styles = getSampleStyleSheet()
    story = []
    for block in [b for b in parsed.blocks if b.kind != "note"][:limit]:
        text = block.text.replace("&", "&amp;").replace("<", "&lt;")
        style = {"heading": "Heading1" if block.level == 1 else "Heading2"}.get(block.kind)
        story.append(Paragraph(text, styles[style or "BodyText"]))

    def number(canvas, doc):
        canvas.setFont("Times-Roman", 9)
        canvas.drawCentredString(A5[0] / 2, 20, str(doc.page))

    path = str(HERE / "pdf" / out)
    document = SimpleDocTemplate(path, pagesize=A5, title=parsed.title, author=parsed.author)
    document.build(story, onFirstPage=number, onLaterPages=number)


if __name__ == "__main__":
    markdown("wasteland.epub", "wasteland.md", "1922", 10_000)
    markdown("georgia.epub", "georgia.md", "1911", 10_000)
    markdown("childrens-literature.epub", "childrens-literature.md", "1920", 120)
    pdf("georgia.epub", "georgia.pdf", 10_000)
    pdf("wasteland.epub", "wasteland.pdf", 10_000)

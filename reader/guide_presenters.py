"""A guide's passages as HTML, rendered in Python: a guide may hold thousands of them,
and the template engine is too slow for that (the same reason as ``reader.presenters``).

Every reader's text goes through ``escape``; comments and replies are the sanitised
HTML ``annotations.rendering`` made when they were written.
"""

from __future__ import annotations

from html import escape  # Django's escape() is this, behind a slower lazy wrapper

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from annotations.guides.guide import Guide, GuidePassage
from annotations.guides.questions import OpenQuestion


def render_guide_documents(guide: Guide) -> SafeString:
    # reverse() once per page, not once per passage.
    paragraph_url = reverse("reader:paragraph", args=["SLUG", 123456789])
    parts: list[str] = []
    for document in guide.documents:
        parts.append(
            f'<article class="guide-document" id="doc-{escape(document.slug)}">'
            f"<h2>{escape(document.title)}</h2>"
        )
        url = paragraph_url.replace("SLUG", document.slug)
        for section in document.sections:
            parts.append('<section class="guide-section">')
            if section.title:
                parts.append(f"<h3>{escape(section.title)}</h3>")
            parts.extend(_passage(passage, url) for passage in section.passages)
            parts.append("</section>")
        parts.append("</article>")
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def render_open_questions(questions: list[OpenQuestion]) -> SafeString:
    """The open questions' list items: a large topic can have hundreds."""
    parts: list[str] = []
    for question in questions:
        annotation, passage = question.annotation, question.passage
        if annotation.exact == passage.text:
            quote = (
                f'<span class="guide-context">{escape(passage.before)}</span>'
                f"<mark>{escape(annotation.exact)}</mark>"
                f'<span class="guide-context">{escape(passage.after)}</span>'
            )
        else:
            quote = f"<mark>{escape(Truncator(annotation.exact).chars(280))}</mark>"
        where = escape(passage.document_title)
        if passage.ordinal:
            where += f", ¶ {passage.ordinal}"
        # comment_html was rendered from Markdown and sanitised when it was written.
        comment = (
            f'<div class="guide-question-comment">{annotation.comment_html}</div>'
            if annotation.comment_html
            else ""
        )
        parts.append(
            f'<li class="guide-question"><blockquote><p>{quote}</p></blockquote>'
            f'<p class="meta">Asked by {escape(annotation.author)} · '
            f'<a href="#{passage.anchor}">{where}</a></p>{comment}</li>'
        )
    return mark_safe("".join(parts))  # noqa: S308 - every text went through escape()


def _passage(passage: GuidePassage, url: str) -> str:
    marks = "".join(
        f'<mark class="strength-{level}">{_lines(text)}</mark>' for text, level in passage.runs
    )
    members = passage.member_count
    # Only the reactions someone gave: "agree 2", never "disagree 0".
    reactions = "".join(f" · {kind} {n}" for kind, n in passage.reactions.items() if n)
    where = (
        f' · <a href="{url.replace("123456789", str(passage.ordinal))}">¶ {passage.ordinal}</a>'
        if passage.ordinal
        else ""
    )
    if not passage.current:
        where += " (an earlier version of the text)"
    comments = "".join(_comment(annotation) for annotation in passage.annotations)
    return (
        f'<div class="guide-passage" id="{passage.anchor}">'
        f"<blockquote><p>{_context(passage.before)}{marks}{_context(passage.after)}</p>"
        "</blockquote>"
        f'<p class="meta">Marked by {members} member{"" if members == 1 else "s"} '
        f"({escape(', '.join(passage.members))}){reactions}{where}</p>"
        f"{comments}</div>"
    )


def _comment(annotation) -> str:
    if not annotation.comment_html and not annotation.replies and not annotation.hidden:
        return ""
    parts = ['<div class="guide-comment">']
    if annotation.comment_html or annotation.hidden:
        hidden = (
            ' <span class="badge badge-hidden">Hidden by a moderator</span>'
            if annotation.hidden
            else ""
        )
        parts.append(
            f'<p class="meta">{escape(annotation.author)}{hidden}</p>{annotation.comment_html}'
        )
    if annotation.replies:
        parts.append('<ul class="guide-replies">')
        # A thread: indented to three levels, then flat with whom each reply answers.
        parts.extend(
            f'<li class="guide-reply-depth-{reply.depth}"><span class="meta">'
            f"{escape(reply.author)}"
            + (f" (in reply to @{escape(reply.in_reply_to)})" if reply.in_reply_to else "")
            + f":</span> {reply.body_html}</li>"
            for reply in annotation.replies
        )
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def _context(text: str) -> str:
    return f'<span class="guide-context">{_lines(text)}</span>' if text else ""


def _lines(text: str) -> str:
    return escape(text).replace("\n", "<br>")

"""The guide's open questions rendered in Python: escaped, in their sentence, linked."""

from annotations.guides.guide import GuideAnnotation, GuidePassage
from annotations.guides.questions import OpenQuestion
from reader.guide_presenters import render_open_questions


def passage(text: str, **fields) -> GuidePassage:
    values = {
        "start": 10,
        "end": 10 + len(text),
        "text": text,
        "runs": [(text, 1)],
        "members": ["bob"],
        "annotations": [],
        "reactions": {},
        "document_slug": "war",
        "document_title": "War <Communism>",
        "ordinal": 3,
        "section_title": "",
        "current": True,
        "version_id": 7,
        "before": "Before & ",
        "after": " after.",
    }
    values.update(fields)
    return GuidePassage(**values)


def annotation(exact: str, **fields) -> GuideAnnotation:
    values = {"id": 1, "author": "<b>bob</b>", "comment": "", "comment_html": "", "exact": exact}
    values.update(fields)
    return GuideAnnotation(**values)


def test_it_shows_a_question_in_its_sentence_with_everything_escaped():
    html = render_open_questions(
        [OpenQuestion(annotation("tax <in> kind"), passage("tax <in> kind"))]
    )

    assert html == (
        '<li class="guide-question"><blockquote><p>'
        '<span class="guide-context">Before &amp; </span><mark>tax &lt;in&gt; kind</mark>'
        '<span class="guide-context"> after.</span></p></blockquote>'
        '<p class="meta">Asked by &lt;b&gt;bob&lt;/b&gt; · '
        '<a href="#passage-7-10">War &lt;Communism&gt;, ¶ 3</a></p></li>'
    )


def test_a_question_inside_a_longer_passage_shows_its_own_words_cut_at_280():
    words = "word " * 100
    html = render_open_questions(
        [
            OpenQuestion(
                annotation(words, comment_html="<p>Why?</p>"),
                passage("A longer passage " + words, ordinal=None),
            )
        ]
    )

    assert "<mark>" + ("word " * 55).strip() in html
    assert "…</mark>" in html
    assert '<a href="#passage-7-10">War &lt;Communism&gt;</a>' in html  # no paragraph
    assert html.endswith('<div class="guide-question-comment"><p>Why?</p></div></li>')


def test_no_questions_render_nothing():
    assert render_open_questions([]) == ""

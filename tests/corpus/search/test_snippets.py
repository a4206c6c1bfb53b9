"""corpus.search.snippets: the matches an engine marked, and the excerpt a hit shows (pure)."""

from corpus.search.snippets import MARK_END, MARK_START, Snippet, marked_spans, snippet_around


def test_it_reads_the_spans_the_engine_marked():
    marked = f"Five-year {MARK_START}plans{MARK_END} and {MARK_START}planning{MARK_END}"

    assert marked_spans("Five-year plans and planning", marked) == [(10, 15), (20, 28)]


def test_it_trusts_no_marks_on_a_different_text():
    assert marked_spans("Five-year plans", f"Five-year {MARK_START}plan{MARK_END}") == []


def test_it_shows_a_short_paragraph_whole_with_its_spans_merged():
    snippet = snippet_around("planning plans", [(0, 4), (2, 8), (9, 14), (20, 30)])

    assert snippet == Snippet("planning plans", ((0, 8), (9, 14)), False, False)


def test_it_cuts_a_long_paragraph_at_word_boundaries_around_the_match():
    filler = " ".join(["filler"] * 200)
    text = f"{filler} the quillwort grows here {filler}"
    start = text.index("quillwort")

    snippet = snippet_around(text, [(start, start + len("quillwort"))])

    [(span_start, span_end)] = snippet.spans
    assert snippet.text[span_start:span_end] == "quillwort"
    assert (snippet.cut_before, snippet.cut_after) == (True, True)
    assert f" {snippet.text} " in text
    assert len(snippet.text) < 400

"""annotations.services: every bad input is refused, naming its field, and writes nothing."""

import pytest
from django.core.exceptions import PermissionDenied
from taggit.models import Tag

from annotations import services
from annotations.errors import AnnotationError
from annotations.models import Annotation, Reply, TaggedAnnotation
from corpus.ingest.blocks import Block
from corpus.models import Document
from tests.annotations.conftest import highlight, ingest_document, span

QUOTE = "tax in kind"


def create(document, author, **overrides):
    start, end = span(document, QUOTE)
    fields = {"start": start, "end": end, "exact": QUOTE}
    fields.update(overrides)
    return services.annotation_create(author=author, document=document, **fields)


def refused(field: str, call, *args, **kwargs) -> AnnotationError:
    """Run ``call``, which must raise AnnotationError for ``field`` and store nothing."""
    counts = (Annotation.objects.count(), Tag.objects.count(), TaggedAnnotation.objects.count())
    with pytest.raises(AnnotationError) as caught:
        call(*args, **kwargs)
    assert caught.value.field == field
    assert caught.value.message
    assert (
        Annotation.objects.count(),
        Tag.objects.count(),
        TaggedAnnotation.objects.count(),
    ) == counts
    return caught.value


def tag_names(annotation) -> list[str]:
    return sorted(annotation.tags.names(), key=str.casefold)


# Creating


def test_it_creates_an_annotation_of_the_current_version(document, text, owner):
    annotation = create(
        document, owner, color="blue", comment="See *Carr*.", tags=["nep"], visibility="public"
    )

    stored = Annotation.objects.get()
    assert stored.pk == annotation.pk
    assert stored.author == owner
    assert stored.document == document
    assert stored.version_id == document.current_version_id
    assert text[stored.start : stored.end] == stored.exact == QUOTE
    assert (stored.color, stored.visibility) == ("blue", "public")
    assert stored.comment == "See *Carr*."
    assert stored.comment_html == "<p>See <em>Carr</em>.</p>"
    assert tag_names(stored) == ["nep"]
    assert stored.created == stored.updated


def test_it_defaults_to_a_private_yellow_highlight_without_comment_or_tags(document, owner):
    annotation = create(document, owner)

    assert (annotation.color, annotation.visibility) == ("yellow", "private")
    assert (annotation.comment, annotation.comment_html) == ("", "")
    assert tag_names(annotation) == []


def test_it_targets_the_newest_version_after_a_revision(document, owner):
    revised = ingest_document(
        blocks=[Block("heading", "Revised", level=1), Block("body", "Now the tax in kind first.")]
    )

    annotation = create(revised, owner)

    assert annotation.version_id == revised.current_version_id
    assert annotation.version.number == 2
    assert revised.current_version.text[annotation.start : annotation.end] == QUOTE


def test_it_highlights_across_paragraphs(document, text, owner):
    start = text.index("market.")
    end = text.index("We are retreating") + len("We are")

    annotation = services.annotation_create(
        author=owner, document=document, start=start, end=end, exact=text[start:end]
    )

    assert annotation.exact == "market.\n\nWe are"


def test_it_sanitises_the_comment(document, owner):
    annotation = create(document, owner, comment="<script>alert(1)</script>[x](http://e.org)")

    assert "<script" not in annotation.comment_html
    assert 'rel="nofollow noopener noreferrer" target="_blank"' in annotation.comment_html


# Offsets and the quote


@pytest.mark.parametrize(
    ("start", "end", "field"),
    [
        (10, 10, "end"),  # empty
        (12, 10, "end"),  # backwards
        (-1, 5, "start"),
        (0, -5, "end"),
        (True, 5, "start"),
        ("3", 5, "start"),
        (3, 5.0, "end"),
        (None, 5, "start"),
    ],
)
def test_it_refuses_bad_offsets(document, owner, start, end, field):
    refused(
        field,
        services.annotation_create,
        author=owner,
        document=document,
        start=start,
        end=end,
        exact="x",
    )


def test_it_refuses_an_end_beyond_the_text(document, text, owner):
    error = refused(
        "end", create, document, owner, start=len(text) - 3, end=len(text) + 1, exact="ar."
    )

    assert str(len(text)) in error.message


def test_it_refuses_a_range_entirely_beyond_the_text(document, text, owner):
    refused("end", create, document, owner, start=len(text) + 5, end=len(text) + 9, exact="abcd")


def test_it_accepts_a_range_that_ends_at_the_end_of_the_text(document, text, owner):
    annotation = create(document, owner, start=len(text) - 5, end=len(text), exact=text[-5:])

    assert (annotation.exact, annotation.suffix) == ("year.", "")


def test_it_refuses_an_exact_that_differs_from_the_text(document, owner):
    error = refused("exact", create, document, owner, exact="tax in KIND")

    assert "'tax in kind'" in error.message  # says what the text is there


@pytest.mark.parametrize("exact", ["", None, 11])
def test_it_refuses_an_exact_that_is_not_text(document, owner, exact):
    refused("exact", create, document, owner, exact=exact)


def test_it_refuses_a_selection_of_only_whitespace(document, text, owner):
    start = text.index("\n\n")

    refused("exact", create, document, owner, start=start, end=start + 2, exact="\n\n")


def test_it_trims_whitespace_and_moves_the_offsets_with_it(document, text, owner):
    start, end = span(document, " tax in kind,")

    annotation = create(document, owner, start=start, end=end, exact=" tax in kind,")

    assert (annotation.start, annotation.end) == (start + 1, end)
    assert annotation.exact == "tax in kind,"
    assert text[annotation.start : annotation.end] == annotation.exact


def test_it_trims_a_paragraph_break_at_either_end(document, text, owner):
    start = text.index("market.")
    end = text.index("We are")

    annotation = create(document, owner, start=start, end=end, exact=text[start:end])

    assert annotation.exact == "market."
    assert (annotation.start, annotation.end) == (start, start + len("market."))


def test_it_stores_32_characters_of_context_either_side(document, text, owner):
    annotation = create(document, owner)

    assert annotation.prefix == text[annotation.start - 32 : annotation.start]
    assert annotation.suffix == text[annotation.end : annotation.end + 32]
    assert len(annotation.prefix) == len(annotation.suffix) == 32


def test_it_stores_a_short_prefix_at_the_start_of_the_text(document, text, owner):
    annotation = create(document, owner, start=4, end=7, exact="New")

    assert annotation.prefix == "The "
    assert annotation.suffix == text[7:39]


def test_it_stores_no_prefix_at_offset_zero(document, owner):
    annotation = create(document, owner, start=0, end=3, exact="The")

    assert annotation.prefix == ""


def test_it_stores_a_short_suffix_at_the_end_of_the_text(document, text, owner):
    start = len(text) - len("within a year.")

    annotation = create(document, owner, start=start, end=start + 6, exact="within")

    assert annotation.suffix == " a year."
    assert annotation.prefix == text[start - 32 : start]


# Colour, comment, visibility


@pytest.mark.parametrize("color", ["mauve", "", "Yellow", None, 3])
def test_it_refuses_an_unknown_colour(document, owner, color):
    refused("color", create, document, owner, color=color)


@pytest.mark.parametrize("color", ["yellow", "green", "blue", "pink", "purple"])
def test_it_accepts_every_colour(document, owner, color):
    assert create(document, owner, color=color).color == color


@pytest.mark.parametrize("visibility", ["everyone", "", None])
def test_it_refuses_a_visibility_a_reader_cannot_choose(document, owner, visibility):
    refused("visibility", create, document, owner, visibility=visibility)


def test_it_refuses_circle_visibility_without_a_circle_of_the_authors(document, owner):
    refused("circle", create, document, owner, visibility="circle")
    refused("circle", create, document, owner, visibility="circle", circle="nowhere")


def test_it_accepts_a_comment_of_10000_characters(document, owner):
    assert len(create(document, owner, comment="x" * 10_000).comment) == 10_000


def test_it_refuses_a_comment_of_10001_characters(document, owner):
    error = refused("comment", create, document, owner, comment="x" * 10_001)

    assert "10,001" in error.message


@pytest.mark.parametrize("comment", [None, 5, ["a"]])
def test_it_refuses_a_comment_that_is_not_text(document, owner, comment):
    refused("comment", create, document, owner, comment=comment)


def test_it_refuses_a_document_without_a_text(owner, db):
    empty = Document.objects.create(slug="empty", title="Empty")

    refused(
        "document",
        services.annotation_create,
        author=owner,
        document=empty,
        start=0,
        end=3,
        exact="abc",
    )


# Tags


def test_it_accepts_20_tags(document, owner):
    annotation = create(document, owner, tags=[f"tag{i}" for i in range(20)])

    assert len(tag_names(annotation)) == 20


def test_it_refuses_21_tags(document, owner):
    error = refused("tags", create, document, owner, tags=[f"tag{i}" for i in range(21)])

    assert "21" in error.message


def test_it_counts_tags_after_removing_duplicates(document, owner):
    tags = [f"tag{i}" for i in range(20)] + ["TAG0"]

    assert len(tag_names(create(document, owner, tags=tags))) == 20


def test_it_accepts_a_tag_of_50_characters(document, owner):
    assert tag_names(create(document, owner, tags=["x" * 50])) == ["x" * 50]


def test_it_refuses_a_tag_of_51_characters(document, owner):
    refused("tags", create, document, owner, tags=["ok", "x" * 51])


@pytest.mark.parametrize("tags", ["nep", None, [1], ["nep", None], {"nep": 1}])
def test_it_refuses_tags_that_are_not_a_list_of_strings(document, owner, tags):
    refused("tags", create, document, owner, tags=tags)


def test_it_trims_tags_and_drops_empty_ones(document, owner):
    annotation = create(document, owner, tags=["  state   capitalism ", " ", ""])

    assert tag_names(annotation) == ["state capitalism"]


def test_it_keeps_one_of_each_tag_whatever_its_case(document, owner):
    annotation = create(document, owner, tags=["NEP", "nep", "Nep"])

    assert tag_names(annotation) == ["NEP"]
    assert TaggedAnnotation.objects.count() == 1


def test_it_reuses_a_tag_written_in_another_case(document, owner, outsider):
    first = create(document, owner, tags=["NEP"])
    second = create(document, outsider, tags=["nep"])

    assert Tag.objects.count() == 1
    assert tag_names(second) == ["NEP"]
    assert first.tags.get() == second.tags.get()


# Updating and deleting


def test_it_lets_the_author_change_colour_comment_tags_and_visibility(document, owner):
    annotation = create(document, owner, tags=["old"])
    created = annotation.updated

    services.annotation_update(
        annotation=annotation,
        actor=owner,
        color="pink",
        comment="**New**",
        tags=["new", "NEW", "other"],
        visibility="public",
    )

    stored = Annotation.objects.get()
    assert (stored.color, stored.visibility, stored.comment) == ("pink", "public", "**New**")
    assert stored.comment_html == "<p><strong>New</strong></p>"
    assert tag_names(stored) == ["new", "other"]
    assert stored.updated > created
    assert (stored.start, stored.end, stored.exact) == (annotation.start, annotation.end, QUOTE)


def test_it_leaves_what_an_update_does_not_name(document, owner):
    annotation = create(document, owner, color="blue", comment="Keep", tags=["keep"])

    services.annotation_update(annotation=annotation, actor=owner, visibility="public")

    stored = Annotation.objects.get()
    assert (stored.color, stored.comment, tag_names(stored)) == ("blue", "Keep", ["keep"])


def test_it_removes_every_tag_given_an_empty_list(document, owner):
    annotation = create(document, owner, tags=["a", "b"])

    services.annotation_update(annotation=annotation, actor=owner, tags=[])

    assert tag_names(Annotation.objects.get()) == []


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"color": "mauve"}, "color"),
        ({"comment": "x" * 10_001}, "comment"),
        ({"tags": [f"t{i}" for i in range(21)]}, "tags"),
        ({"tags": ["x" * 51]}, "tags"),
        ({"visibility": "circle"}, "circle"),
        ({"color": "green", "comment": None}, "comment"),
    ],
)
def test_it_refuses_a_bad_update_and_changes_nothing(document, owner, changes, field):
    annotation = create(document, owner, color="blue", comment="Before", tags=["before"])
    before = Annotation.objects.values().get()

    refused(field, services.annotation_update, annotation=annotation, actor=owner, **changes)

    assert Annotation.objects.values().get() == before
    assert tag_names(Annotation.objects.get()) == ["before"]


def test_it_lets_no_one_but_the_author_update(document, owner, outsider):
    annotation = create(document, owner, visibility="public", tags=["before"])
    before = Annotation.objects.values().get()

    with pytest.raises(PermissionDenied):
        services.annotation_update(
            annotation=annotation, actor=outsider, color="pink", comment="Mine now", tags=[]
        )

    assert Annotation.objects.values().get() == before
    assert tag_names(Annotation.objects.get()) == ["before"]


def test_it_lets_the_author_delete_with_its_replies_and_tag_links(document, owner, outsider):
    annotation = create(document, owner, visibility="public", tags=["nep"])
    services.reply_create(annotation=annotation, author=outsider, body="Agreed.")

    services.annotation_delete(annotation=annotation, actor=owner)

    assert Annotation.objects.count() == 0
    assert Reply.objects.count() == 0
    assert TaggedAnnotation.objects.count() == 0
    assert Tag.objects.count() == 1  # the tag itself stays for others to use


def test_it_lets_no_one_but_the_author_delete(document, owner, outsider):
    annotation = create(document, owner, visibility="public")

    with pytest.raises(PermissionDenied):
        services.annotation_delete(annotation=annotation, actor=outsider)

    assert Annotation.objects.filter(pk=annotation.pk).exists()


# Replies


def test_it_creates_a_reply_with_sanitised_html(document, owner, outsider):
    annotation = highlight(document, owner, visibility="public")

    reply = services.reply_create(
        annotation=annotation, author=outsider, body="I *disagree*. <script>x</script>"
    )

    stored = Reply.objects.get()
    assert stored.pk == reply.pk
    assert (stored.annotation, stored.author) == (annotation, outsider)
    assert stored.body == "I *disagree*. <script>x</script>"
    assert stored.body_html.startswith("<p>I <em>disagree</em>.")
    assert "<script" not in stored.body_html


@pytest.mark.parametrize("body", ["", "   \n ", None, 5, "x" * 10_001])
def test_it_refuses_a_reply_without_text_or_too_long(document, owner, body):
    annotation = highlight(document, owner)

    with pytest.raises(AnnotationError) as caught:
        services.reply_create(annotation=annotation, author=owner, body=body)

    assert caught.value.field == "body"
    assert Reply.objects.count() == 0


def test_it_accepts_a_reply_of_10000_characters(document, owner):
    annotation = highlight(document, owner)

    reply = services.reply_create(annotation=annotation, author=owner, body="x" * 10_000)

    assert len(reply.body) == 10_000


def test_it_lets_the_author_of_a_reply_edit_it(document, owner, outsider):
    annotation = highlight(document, owner, visibility="public")
    reply = services.reply_create(annotation=annotation, author=outsider, body="First")

    services.reply_update(reply=reply, actor=outsider, body="**Second**")

    stored = Reply.objects.get()
    assert (stored.body, stored.body_html) == ("**Second**", "<p><strong>Second</strong></p>")
    assert stored.updated > stored.created


def test_it_refuses_an_empty_edit_of_a_reply(document, owner):
    reply = services.reply_create(annotation=highlight(document, owner), author=owner, body="A")

    with pytest.raises(AnnotationError) as caught:
        services.reply_update(reply=reply, actor=owner, body=" ")

    assert caught.value.field == "body"
    assert Reply.objects.get().body == "A"


def test_it_lets_no_one_else_edit_or_delete_a_reply(document, owner, outsider):
    annotation = highlight(document, owner, visibility="public")
    reply = services.reply_create(annotation=annotation, author=outsider, body="Mine")

    # Not even the annotation's author.
    with pytest.raises(PermissionDenied):
        services.reply_update(reply=reply, actor=owner, body="Changed")
    with pytest.raises(PermissionDenied):
        services.reply_delete(reply=reply, actor=owner)

    assert Reply.objects.get().body == "Mine"


def test_it_lets_the_author_of_a_reply_delete_it(document, owner, outsider):
    annotation = highlight(document, owner, visibility="public")
    reply = services.reply_create(annotation=annotation, author=outsider, body="Mine")

    services.reply_delete(reply=reply, actor=outsider)

    assert Reply.objects.count() == 0
    assert Annotation.objects.count() == 1


def test_it_moves_a_circle_annotation_to_public_without_naming_a_circle(document, circle):
    from annotations.models import Annotation, Visibility

    author = circle.memberships.get(role="member").user
    annotation = create(document, author, visibility="circle", circle=circle.slug)
    Annotation.objects.filter(pk=annotation.pk).update(hidden=True)
    annotation.refresh_from_db()

    services.annotation_update(annotation=annotation, actor=author, visibility="public")

    annotation.refresh_from_db()
    assert (annotation.visibility, annotation.circle_id, annotation.hidden) == (
        Visibility.PUBLIC,
        None,
        False,
    )

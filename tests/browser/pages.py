"""Every page type a reader can open, as one table, and the world that fills them: the
seed corpus, alice and bob in the circle "Tuesday readers" with highlights, a reply, a
tag and a reading list. test_axe.py audits each row and test_phone_layout.py measures it;
add a row for a new page type."""

from dataclasses import dataclass

from annotations import services
from annotations.circles import services as circles
from annotations.circles.reading_list import reading_list_add
from corpus.models import Document, Paragraph

BOOK = "soviet-socialism-a-history"
REVISED = "socialism-and-the-soviet-union"  # two versions in the seed corpus
CIRCLE = "tuesday-readers"
TAG = "famine"


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    signed_in: bool = True  # as alice, who owns the circle and its highlights


PAGES = [
    PageType("library", "/"),
    PageType("library, signed out", "/", signed_in=False),
    PageType("document", f"/read/{BOOK}/"),
    PageType("part", f"/read/{BOOK}/s/3/"),
    PageType("chapter", f"/read/{BOOK}/s/58/"),
    PageType("chapter, signed out", f"/read/{BOOK}/s/58/", signed_in=False),
    PageType("paragraph", f"/read/{BOOK}/p/520/"),
    PageType("search", "/search/?q=socialism"),
    PageType("login", "/accounts/login/", signed_in=False),
    PageType("signup", "/accounts/signup/", signed_in=False),
    PageType("profile", "/accounts/profile/"),
    PageType("notebook", "/notebook/"),
    PageType("circles", "/circles/"),
    PageType("circle", f"/circles/{CIRCLE}/"),
    PageType("guides index", "/guides/me/"),
    PageType("circle's guides", f"/guides/circle:{CIRCLE}/"),
    PageType("guide", f"/guides/circle:{CIRCLE}/{TAG}/"),
    PageType("export (print)", f"/export/?format=print&scope=circle:{CIRCLE}"),
    PageType("import", "/accounts/import/"),
    PageType("add a text", "/library/add/"),
    PageType("compare", f"/read/{REVISED}/compare/1/2/"),
    PageType("old version", f"/read/{REVISED}/v/1/"),
    PageType("not found", "/no-such-page/"),
]


def build_world(alice, bob) -> dict:
    """The circle, its members, highlights (shared, public, private, with a comment, a tag
    and a reply) and a reading list, on the seed corpus already stored."""
    circle = circles.circle_create(owner=alice, name="Tuesday readers")
    invite = circles.invite_create(circle=circle, actor=alice)
    circles.invite_accept(token=invite.token, user=bob)
    book = Document.objects.get(slug=BOOK)
    reading_list_add(circle=circle, actor=alice, document=book, section_order=58)
    paragraphs = list(
        book.current_version.paragraphs.filter(kind=Paragraph.Kind.BODY, ordinal__gte=520).order_by(
            "ordinal"
        )[:3]
    )

    def words(paragraph, count, skip=0):
        text = paragraph.text
        start = len(" ".join(text.split(" ")[:skip])) + (1 if skip else 0)
        end = len(" ".join(text.split(" ")[: skip + count]))
        return paragraph.start + start, paragraph.start + end, text[start:end]

    made = []
    for author, paragraph, span, fields in (
        (
            alice,
            paragraphs[0],
            (4, 0),
            {"visibility": "circle", "circle": CIRCLE, "comment": "Why *then*?", "tags": [TAG]},
        ),
        (
            bob,
            paragraphs[0],
            (6, 2),
            {"visibility": "circle", "circle": CIRCLE, "color": "blue", "tags": [TAG]},
        ),
        (alice, paragraphs[1], (5, 3), {"color": "pink"}),
        (bob, paragraphs[2], (3, 0), {"visibility": "public", "color": "green"}),
    ):
        start, end, exact = words(paragraph, *span)
        made.append(
            services.annotation_create(
                author=author, document=book, start=start, end=end, exact=exact, **fields
            )
        )
    services.reply_create(annotation=made[0], author=bob, body="Because of the war.")
    return {"circle": circle, "annotations": made}

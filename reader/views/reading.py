"""The reading views: a section page, and one paragraph at a time."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse
from django.utils.http import urlencode

from annotations.circles.queries import circles_with_members_for_user
from annotations.margin import Margin, margin_for_range
from annotations.models import Color
from annotations.permissions import abilities
from annotations.queries import CIRCLE_LAYER_PREFIX
from corpus.models import Paragraph
from corpus.queries import outline_for, paragraphs_between
from corpus.search import MAX_QUERY_LENGTH, match_spans
from reader.presenters import BlockContext, render_blocks, render_single
from reader.queries import Sharing, sharing_for
from reader.versions import Reading, paragraph_successor, reading_for

MAX_USERNAME = 150
# ?from=: a version number, digits only and few enough for any database.
_NUMBER = re.compile(r"[0-9]{1,9}")


@dataclass
class Layers:
    """The layers a reader chose (``?layer=`` any number of times) and the member filter."""

    chosen: list[str]  # ["all"] when every layer is shown
    options: list[dict] = field(default_factory=list)  # value, label, checked: the checkboxes
    member: str = ""
    members: list[str] = field(default_factory=list)
    circles: dict[str, str] = field(default_factory=dict)  # the reader's: slug -> name
    roles: dict[str, str] = field(default_factory=dict)  # the reader's: slug -> role
    ids: dict[str, int] = field(default_factory=dict)  # the reader's: slug -> circle id

    @property
    def value(self) -> str:
        return ",".join(self.chosen)


def _layers(request: HttpRequest) -> Layers:
    """Mine, public and one layer per circle of the reader's, combinable; all by default.

    The reader's circles, their roles and the members cost one query (none for anonymous
    readers).
    """
    circles: dict[str, str] = {}
    roles: dict[str, str] = {}
    ids: dict[str, int] = {}
    members: set[str] = set()
    for membership in circles_with_members_for_user(request.user):
        circles.setdefault(membership.circle.slug, membership.circle.name)
        members.add(membership.user.get_username())
        if membership.user_id == request.user.pk:
            roles[membership.circle.slug] = membership.role
            ids[membership.circle.slug] = membership.circle_id
    labels = {"mine": "Mine", "public": "Public"}
    labels.update({CIRCLE_LAYER_PREFIX + slug: name for slug, name in circles.items()})
    wanted = set(request.GET.getlist("layer"))
    chosen = [layer for layer in labels if layer in wanted]
    # No choice, "all" (older links) and every layer are the same: all the reader may see.
    if not chosen or "all" in wanted or len(chosen) == len(labels):
        chosen = list(labels)
        query_layers = ["all"]
    else:
        query_layers = chosen
    member = request.GET.get("member", "").strip()[:MAX_USERNAME]
    listed = sorted(members, key=str.casefold)
    if member and member not in members:
        listed.append(member)
    return Layers(
        chosen=query_layers,
        options=[
            {"value": value, "label": label, "checked": value in chosen}
            for value, label in labels.items()
        ],
        member=member,
        members=listed,
        circles=circles,
        roles=roles,
        ids=ids,
    )


def _sharing(request: HttpRequest, reading: Reading, layers: Layers) -> Sharing | None:
    """The reader's "Sharing to" choice (one query); None where nothing new is made (an
    older version) or for anonymous readers."""
    if reading.is_old or not request.user.is_authenticated:
        return None
    circles = {slug: (layers.ids[slug], name) for slug, name in layers.circles.items()}
    return sharing_for(request.user, reading.document, circles)


# An id no API path holds otherwise: reversed, then replaced by "{id}" for the JavaScript.
_ID = 2147483647


def _url_template(name: str) -> str:
    """The path of ``name`` for any object, with "{id}" where its id goes."""
    return reverse(name, args=[_ID]).replace(f"/{_ID}/", "/{id}/", 1)


def _urls() -> dict[str, str]:
    """Every path the annotation scripts use, with "{id}" where an id goes."""
    return {
        "annotations": reverse("api:annotation-list"),
        "annotation": _url_template("api:annotation-detail"),
        "annotation_restore": _url_template("api:annotation-restore"),
        "annotation_hide": _url_template("api:annotation-hide"),
        "annotation_unhide": _url_template("api:annotation-unhide"),
        "request_review": _url_template("api:annotation-request-review"),
        "annotation_review": _url_template("api:annotation-review"),
        "reactions": _url_template("api:reaction-list"),
        "replies": _url_template("api:reply-list"),
        "reply": _url_template("api:reply-detail"),
        "reply_hide": _url_template("api:reply-hide"),
        "reply_unhide": _url_template("api:reply-unhide"),
        "tags": reverse("api:tag-list"),
        "mentions": reverse("api:mention-list"),
        "login": resolve_url(settings.LOGIN_URL),
    }


def _page_data(
    request: HttpRequest,
    document,
    margin: Margin,
    layers: Layers,
    *,
    read_only: bool = False,
    sharing: Sharing | None = None,
) -> dict:
    """What static/js/annotate/ needs to start: who is reading, where to write, what is shown.

    ``read_only`` (an older version): the scripts offer no new highlights, since the API
    anchors every new one to the current version.
    """
    return {
        "document": document.slug,
        "read_only": read_only,
        "user": request.user.get_username() if request.user.is_authenticated else None,
        "urls": {
            **_urls(),
            "sharing": reverse("reader:sharing", args=[document.slug]),
            "popular": reverse("api:document-popular", args=[document.slug]),
        },
        # Where quick highlights go (static/js/annotate/sharing.js); null when read-only.
        "sharing": sharing.as_data() if sharing else None,
        "colors": list(Color.values),
        "layer": layers.value,
        "member": layers.member,
        # The circles the reader may share with (the card's visibility choice), and what
        # their role lets them do there (Hide and Unhide for moderators).
        "circles": [
            {
                "slug": slug,
                "name": name,
                "role": layers.roles[slug],
                "can": abilities(layers.roles[slug]),
            }
            for slug, name in layers.circles.items()
        ],
        "annotations": annotation_rows(margin.highlights),
        # Other readers' public highlights as [start, end, readers, level] (popular.js);
        # their annotations come from urls.popular when a stretch is opened. Only on the
        # current version (the API reads that one); an older one draws every highlight.
        "popular": [[s.start, s.end, s.readers, s.level] for s in margin.popular],
    }


# The page data's annotations, as rows of these fields (static/js/annotate/store.js reads
# them): a busy chapter's 1,300 highlights took 170 KB as objects, 65 KB as rows. A row
# stops after its last field that differs from ROW_DEFAULTS; booleans are 0 and 1; an
# author, a circle and tags are indexes into the rows' ``names``; the reader's own carry
# no author (store.js gives them the reader's).
ANNOTATION_FIELDS = (
    "id",
    "start",
    "end",
    "color",
    "mine",
    "visibility",
    "tags",
    "has_comment",
    "reply_count",
    "circle",
    "hidden",
    "review_requested",
    "anchor",
    "author",
)
ROW_DEFAULTS = (None, None, None, None, 0, "private", [], 0, 0, None, 0, 0, "exact", None)
_ALWAYS = 4  # id, start, end and colour: in every row


def annotation_rows(highlights) -> dict:
    # A name's index: where it was first met (the dict keeps that order; setdefault is
    # one call a name, for a busy chapter's thousands of tags).
    index: dict[str, int] = {}
    rows = []
    for h in highlights:
        row = [
            h.id,
            h.start,
            h.end,
            h.color,
            1 if h.mine else 0,
            h.visibility,
            [index.setdefault(tag, len(index)) for tag in h.tags] if h.tags else [],
            1 if h.has_comment else 0,
            h.reply_count,
            None if h.circle is None else index.setdefault(h.circle, len(index)),
            1 if h.hidden else 0,
            1 if h.review_requested else 0,
            h.anchor,
            None if h.mine or h.author is None else index.setdefault(h.author, len(index)),
        ]
        kept = len(row)
        while kept > _ALWAYS and row[kept - 1] == ROW_DEFAULTS[kept - 1]:
            kept -= 1
        rows.append(row[:kept])
    return {"fields": list(ANNOTATION_FIELDS), "names": list(index), "rows": rows}


def _to_current(request: HttpRequest, name: str, *args) -> HttpResponse:
    """The current version's own address for a page asked for by its version number."""
    url = reverse(name, args=args)
    query = request.GET.urlencode()
    return redirect(f"{url}?{query}" if query else url)


def version(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    """An older version's contents (the current one's is the document page)."""
    reading = reading_for(request.user, slug, number)
    if not reading.is_old:
        return redirect("reader:document", slug=slug)
    outline = outline_for(reading.version.pk, document_title=reading.document.title)
    first_unit = outline.units[0] if outline.units else None
    return render(
        request,
        "reader/version.html",
        {
            **reading.template_context(),
            "toc": [_toc_entry(node) for node in outline.root.children],
            "start_url": reading.section_url(first_unit.order) if first_unit else None,
            "current_url": reverse("reader:document", args=[slug]),
        },
    )


def _toc_entry(node) -> dict:
    return {"section": node.section, "children": [_toc_entry(child) for child in node.children]}


def _public_changes(reading: Reading) -> int | None:
    """What ``margin_for_range`` needs to draw others' public highlights as the popular
    layer: only on the current version (the popular API reads that one); an older one
    draws every highlight."""
    return None if reading.is_old else reading.version.public_changes


def section(request: HttpRequest, slug: str, order: int, number: int | None = None) -> HttpResponse:
    """A reading unit of the current version, or of version ``number``."""
    reading = reading_for(request.user, slug, number)
    if number is not None and not reading.is_old:
        return _to_current(request, "reader:section", slug, order)
    document = reading.document
    outline = outline_for(reading.version.pk, document_title=document.title)
    unit = outline.unit_for_order(order)
    if unit is None:
        raise Http404("No such section")
    if unit.order != order:
        # A sub-section is read inside its chapter: send the reader to its heading there.
        heading = next(s for s in outline.sections if s.order == order)
        url = reading.section_url(unit.order)
        return redirect(f"{url}#p-{heading.heading_ordinal or heading.first_ordinal}")
    paragraphs = paragraphs_between(reading.version.pk, unit.first_ordinal, unit.last_ordinal)
    layers = _layers(request)
    margin = (
        margin_for_range(
            request.user,
            version_id=reading.version.pk,
            start=paragraphs[0].start,
            end=paragraphs[-1].end,
            layer=layers.chosen,
            member=layers.member or None,
            public_changes=_public_changes(reading),
        )
        if paragraphs
        else Margin([], [])
    )
    first_section = next(s for s in outline.sections if s.order == unit.order)
    title_ordinal = first_section.heading_ordinal if unit.level else None
    context = BlockContext(
        slug=slug,
        page_ordinals=range(unit.first_ordinal, unit.last_ordinal + 1),
        base_level=unit.level,
        title_ordinal=title_ordinal,
        heading_levels={s.heading_ordinal: s.level for s in outline.sections if s.heading_ordinal},
        highlights=margin.highlights,
        orphans=margin.orphans,
        circles=layers.circles,
        popular=margin.popular,
        version_number=reading.number,
    )
    previous, following = outline.neighbours(unit)
    sharing = _sharing(request, reading, layers)
    return render(
        request,
        "reader/section.html",
        {
            **reading.template_context(),
            "unit": unit,
            "title_in_text": title_ordinal is not None,
            "blocks": render_blocks(paragraphs, context),
            "previous": previous,
            "previous_url": reading.section_url(previous.order) if previous else None,
            "next": following,
            "next_url": reading.section_url(following.order) if following else None,
            "current_url": reading.current_url(unit.first_ordinal, in_context=True),
            "layers": layers,
            "has_popular": bool(margin.popular),
            "sharing": sharing,
            "page_data": _page_data(
                request,
                document,
                margin,
                layers,
                read_only=reading.is_old,
                sharing=sharing,
            ),
            "search_marks": _search_marks(request, paragraphs),
        },
    )


def _search_marks(request: HttpRequest, paragraphs: list[Paragraph]) -> dict | None:
    """``?hl=`` (a search's words): where they are on the page, in document offsets, for
    static/js/search-marks.js to mark. One query, none without ``hl``."""
    words = request.GET.get("hl", "")[:MAX_QUERY_LENGTH].strip()
    if not words or not paragraphs:
        return None
    by_id = {p.pk: p for p in paragraphs}
    found = match_spans(words, {p.pk: p.text for p in paragraphs})
    spans = [
        [by_id[pk].start + start, by_id[pk].start + end]
        for pk, in_paragraph in found.items()
        for start, end in in_paragraph
    ]
    return {"words": words, "spans": sorted(spans)}


def _with_marks(request: HttpRequest, url: str) -> str:
    """``url`` keeping the search words (``?hl=``) it was reached with."""
    words = request.GET.get("hl", "")[:MAX_QUERY_LENGTH]
    return f"{url}?{urlencode({'hl': words})}" if words else url


def paragraph(
    request: HttpRequest, slug: str, ordinal: int, number: int | None = None
) -> HttpResponse:
    """One paragraph of the current version, or of version ``number``.

    ``?from=<n>`` (current version only) reads ``ordinal`` as version n's: it redirects to
    the current paragraph that one became or, if its words are all gone, shows the
    nearest current paragraph saying so. ``?in=context`` (a search result) opens it in its
    chapter, with the search's words (``?hl=``) marked.
    """
    if number is None and "from" in request.GET:
        return _paragraph_from(request, slug, ordinal, request.GET["from"])
    if number is None and request.GET.get("in") == "context":
        return _in_context(request, slug, ordinal)
    reading = reading_for(request.user, slug, number)
    if number is not None and not reading.is_old:
        return _to_current(request, "reader:paragraph", slug, ordinal)
    return _paragraph_page(request, reading, ordinal)


def _paragraph_from(request: HttpRequest, slug: str, ordinal: int, given: str) -> HttpResponse:
    if not _NUMBER.fullmatch(given) or int(given) < 1:
        return HttpResponseBadRequest("?from= must be a version number: 1, 2, …")
    old = reading_for(request.user, slug, int(given))
    if not old.is_old:
        return redirect("reader:paragraph", slug=slug, ordinal=ordinal)
    successor = paragraph_successor(
        old_version_id=old.version.pk,
        new_version_id=old.document.current_version_id,
        ordinal=ordinal,
    )
    if successor is None:
        raise Http404(f"Version {old.version.number} has no such paragraph")
    current = Reading(old.document, old.document.current_version)
    if successor.removed:
        removed = {"ordinal": ordinal, "version": old.version, "url": old.paragraph_url(ordinal)}
        return _paragraph_page(request, current, successor.ordinal, removed=removed)
    if request.GET.get("in") == "context":
        outline = outline_for(current.version.pk)
        unit = outline.unit_for_ordinal(successor.ordinal)
        if unit is not None:
            url = _with_marks(request, current.section_url(unit.order))
            return redirect(f"{url}#p-{successor.ordinal}")
    return redirect(current.paragraph_url(successor.ordinal))


def _in_context(request: HttpRequest, slug: str, ordinal: int) -> HttpResponse:
    """``?in=context``: the current paragraph ``ordinal`` in its chapter (where a search
    result opens), keeping ``?hl=``."""
    reading = reading_for(request.user, slug, None)
    unit = outline_for(reading.version.pk).unit_for_ordinal(ordinal)
    if unit is None:
        return redirect(reading.paragraph_url(ordinal))
    return redirect(f"{_with_marks(request, reading.section_url(unit.order))}#p-{ordinal}")


def _paragraph_page(
    request: HttpRequest, reading: Reading, ordinal: int, *, removed: dict | None = None
) -> HttpResponse:
    document = reading.document
    outline = outline_for(reading.version.pk, document_title=document.title)
    unit = outline.unit_for_ordinal(ordinal)
    found = paragraphs_between(reading.version.pk, ordinal, ordinal)
    if unit is None or not found:
        raise Http404("No such paragraph")
    current: Paragraph = found[0]
    layers = _layers(request)
    margin = margin_for_range(
        request.user,
        version_id=reading.version.pk,
        start=current.start,
        end=current.end,
        layer=layers.chosen,
        member=layers.member or None,
        public_changes=_public_changes(reading),
    )
    context = BlockContext(
        slug=document.slug,
        page_ordinals=range(ordinal, ordinal + 1),
        highlights=margin.highlights,
        orphans=margin.orphans,
        circles=layers.circles,
        popular=margin.popular,
        version_number=reading.number,
    )
    previous_ordinal = ordinal - 1 if ordinal > 1 else None
    sharing = _sharing(request, reading, layers)
    next_ordinal = ordinal + 1 if ordinal < outline.last_ordinal else None
    return render(
        request,
        "reader/paragraph.html",
        {
            **reading.template_context(),
            "paragraph": current,
            "section": outline.section_for_ordinal(ordinal),
            "paragraph_html": render_single(current, context),
            "in_context": f"{reading.section_url(unit.order)}#p-{ordinal}",
            "previous_ordinal": previous_ordinal,
            "previous_url": reading.paragraph_url(previous_ordinal) if previous_ordinal else None,
            "next_ordinal": next_ordinal,
            "next_url": reading.paragraph_url(next_ordinal) if next_ordinal else None,
            "last_ordinal": outline.last_ordinal,
            "current_url": reading.current_url(ordinal),
            "removed": removed,
            "layers": layers,
            "has_popular": bool(margin.popular),
            "sharing": sharing,
            "page_data": _page_data(
                request,
                document,
                margin,
                layers,
                read_only=reading.is_old,
                sharing=sharing,
            ),
        },
    )

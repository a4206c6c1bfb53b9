"""Demo and scale data: reproducible readers and annotations over the seed corpus.

``manage.py seed_demo`` is a thin wrapper over ``seed_demo()`` below. Planning is pure
(texts and a seed in, a list of planned annotations out) so that the same seed gives
the same readers, ranges, tags and replies; writing uses ``bulk_create`` in batches,
one transaction per batch, because 100,000 annotations through the services would
take many minutes.

Ranges are sentence-shaped: one to three consecutive sentences of a paragraph,
sometimes a single clause, occasionally running on into the next paragraph; a pool of
"popular passages" is highlighted by several readers, so highlights overlap.
"""

from __future__ import annotations

import random
import re
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from taggit.models import Tag

from annotations.anchoring import quote_context
from annotations.models import Annotation, Color, Reply, TaggedAnnotation, Visibility
from annotations.rendering import render_markdown
from corpus.models import Document, Paragraph

DEMO_PASSWORD = "marginalia-demo"
USERNAME_PREFIX = "reader"
BATCH_SIZE = 2_000
# Created times are spread over this many days before now.
HISTORY_DAYS = 120

TAGS = (
    "nep", "bureaucracy", "state-capitalism", "collectivisation", "permanent-revolution",
    "war-communism", "planning", "democracy", "stalinism", "trotsky", "lenin", "bukharin",
    "five-year-plan", "soviets", "peasantry", "industrialisation", "working-class", "party",
    "left-opposition", "kulaks", "terror", "market-socialism", "gorbachev", "perestroika",
    "khrushchev", "brezhnev", "civil-war", "october-revolution", "socialism-in-one-country",
    "internationalism", "economics", "ideology", "historiography", "definitions", "famine",
    "trade-unions", "nationalities", "self-management", "key-passage", "for-discussion",
    "question", "disagree",
)  # fmt: skip

COMMENTS = (
    "Key claim of the chapter.",
    "The **NEP** as a retreat, not a strategy: is that fair?",
    "Compare Trotsky in [The Revolution Betrayed](https://www.marxists.org/archive/trotsky/1936/revbet/).",
    "Is this state capitalism, or a *degenerated* workers' state? The text never decides.",
    "Check the date against the chronology at the back.",
    "Good, compact summary of the scissors crisis.",
    "See Lenin on [the tax in kind](https://www.marxists.org/archive/lenin/works/1921/apr/21.htm).",
    "For Thursday: bring this up when we discuss planning.",
    "**Disagree.** The soviets had lost their power well before this.",
    "Nice definition: socialism as *planning plus democracy*.",
    "This is where the argument turns.",
    "Source? No footnote here.",
    "Bukharin's position, put more fairly than usual.",
    "Collectivisation: the human cost is only hinted at.",
    "Worth quoting in the study guide.",
    "The author's framing of **bureaucracy** as a class is doing a lot of work.",
    "Contrast with the 2020 version of the article.",
    "Three claims in one sentence:\n\n1. growth\n2. inequality\n3. repression",
    "Cf. Cliff, *State Capitalism in Russia*.",
    "Why *this* date and not 1921?",
    "Strong evidence, weak conclusion.",
    "The five-year plan figures are from official sources: treat with care.",
    "> the state as employer\n\nThat is the crux of the state-capitalist reading.",
    "Background: [Wikipedia on War Communism](https://en.wikipedia.org/wiki/War_communism).",
    "Reads like a summary of the Left Opposition platform.",
    "Not sure I follow: ask the group.",
    "A great line to open the discussion with.",
    "`1928` again: the turning point in every account.",
    "Underlined in my paper copy too.",
    "Compare with the chapter on Gorbachev.",
)  # fmt: skip

REPLIES = (
    "Agreed.",
    "I read it the other way: this is a defence of the policy.",
    "Good catch, thanks.",
    "See also the next paragraph, which qualifies this.",
    "**Yes**, and the figures back it up.",
    "Not convinced: the evidence is thin.",
    "Let's take this up on Thursday.",
    "Which edition are you reading? The wording differs in mine.",
    "Trotsky says something close to this in [chapter 9](https://www.marxists.org/archive/trotsky/1936/revbet/ch09.htm).",
    "The author contradicts this later on.",
    "Interesting: I had tagged this *planning* rather than *nep*.",
    "Could you say more about why?",
    "That's the passage I meant last week.",
    "+1, key passage.",
)  # fmt: skip

# Colours that mean something to most readers: yellow for "important" dominates.
COLOR_WEIGHTS = {
    Color.YELLOW: 45,
    Color.GREEN: 15,
    Color.BLUE: 15,
    Color.PINK: 15,
    Color.PURPLE: 10,
}
PUBLIC_SHARE = 0.4
COMMENT_SHARE = 0.35
POPULAR_SHARE = 0.12  # picks taken from the popular passages: overlaps by design
CLAUSE_SHARE = 0.10
CROSS_SHARE = 0.05  # a highlight that runs on into the next paragraph
REPLY_SHARE = 0.15  # public annotations that get a discussion
FAVOURITE_TAGS = 8
HIGHLIGHTED_KINDS = (
    Paragraph.Kind.BODY,
    Paragraph.Kind.QUOTE,
    Paragraph.Kind.LIST_ITEM,
    Paragraph.Kind.NOTE,
)

# A sentence ends at . ! ? or … (and any closing quotes or brackets) followed by space
# and something that can start a sentence: "e.g. the" does not end one.
_SENTENCE_END = re.compile(r"([.!?…]+[\"'”’)\]]*)\s+(?=[\"'“‘(\[]?[A-Z0-9])")
_CLAUSE_END = re.compile(r"[,;:–—]\s+")
MIN_CLAUSE = 25


class DemoError(Exception):
    """The demo data cannot be made (e.g. the seed corpus is not ingested)."""


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """``[start, end)`` of each sentence of ``text``, without surrounding whitespace."""
    spans: list[tuple[int, int]] = []
    position = 0
    for match in _SENTENCE_END.finditer(text):
        _add_trimmed(spans, text, position, match.end(1))
        position = match.end()
    _add_trimmed(spans, text, position, len(text))
    return spans


def clause_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The clauses of ``text[start:end]`` (split at , ; : and dashes) long enough to quote."""
    spans: list[tuple[int, int]] = []
    position = start
    for match in _CLAUSE_END.finditer(text, start, end):
        _add_trimmed(spans, text, position, match.start() + 1)
        position = match.end()
    _add_trimmed(spans, text, position, end)
    return [(a, b) for a, b in spans if b - a >= MIN_CLAUSE]


def _add_trimmed(spans: list[tuple[int, int]], text: str, start: int, end: int) -> None:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if start < end:
        spans.append((start, end))


@dataclass
class VersionText:
    """A document version's text, cut into the sentences a reader might highlight."""

    document_id: int
    version_id: int
    slug: str
    text: str
    # (start, end, paragraph index): offsets in ``text``; adjacent paragraphs have
    # consecutive indexes, so a highlight only runs on into the very next paragraph.
    sentences: list[tuple[int, int, int]] = field(default_factory=list)

    def restricted_to(self, start: int, end: int) -> VersionText:
        """The same text with only the sentences inside ``[start, end)`` to choose from."""
        inside = [s for s in self.sentences if s[0] >= start and s[1] <= end]
        return VersionText(self.document_id, self.version_id, self.slug, self.text, inside)


def version_text(
    *, document_id: int, version_id: int, slug: str, text: str, paragraphs: Sequence[tuple]
) -> VersionText:
    """``paragraphs``: (start, end, kind) in reading order."""
    sentences: list[tuple[int, int, int]] = []
    for index, (start, end, kind) in enumerate(paragraphs):
        if kind not in HIGHLIGHTED_KINDS:
            continue
        for a, b in sentence_spans(text[start:end]):
            sentences.append((start + a, start + b, index))
    return VersionText(document_id, version_id, slug, text, sentences)


def seed_slugs() -> list[str]:
    """The slugs of the seed corpus, from its manifest."""
    manifest = tomllib.loads((settings.MARGINALIA_SEEDS_DIR / "manifest.toml").read_text())
    return sorted({entry["slug"] for entry in manifest["document"]})


def load_seed_texts() -> list[VersionText]:
    """The current version of every seed document, in slug order; DemoError if missing."""
    slugs = seed_slugs()
    documents = list(
        Document.objects.filter(slug__in=slugs, current_version__isnull=False)
        .select_related("current_version")
        .order_by("slug")
    )
    missing = sorted(set(slugs) - {document.slug for document in documents})
    if missing:
        raise DemoError(
            "The seed corpus is not ingested (missing: "
            f"{', '.join(missing)}). Run `manage.py ingest --seeds` first."
        )
    paragraphs: dict[int, list[tuple]] = {document.current_version_id: [] for document in documents}
    rows = (
        Paragraph.objects.filter(version__in=list(paragraphs))
        .order_by("version_id", "ordinal")
        .values_list("version_id", "start", "end", "kind")
    )
    for version_id, start, end, kind in rows:
        paragraphs[version_id].append((start, end, kind))
    return [
        version_text(
            document_id=document.id,
            version_id=document.current_version_id,
            slug=document.slug,
            text=document.current_version.text,
            paragraphs=paragraphs[document.current_version_id],
        )
        for document in documents
    ]


@dataclass(frozen=True)
class PlannedReply:
    author: int  # index into the readers
    body: str
    after_seconds: int  # after the annotation was created


@dataclass(frozen=True)
class PlannedAnnotation:
    author: int  # index into the readers
    text: int  # index into the texts
    start: int
    end: int
    color: str
    visibility: str
    comment: str
    tags: tuple[str, ...]
    age_seconds: int  # created this long before "now"
    replies: tuple[PlannedReply, ...] = ()


class RangePicker:
    """Sentence-shaped ranges over several texts, most texts weighted by their length."""

    def __init__(self, texts: Sequence[VersionText], rng: random.Random):
        self.rng = rng
        self.texts = texts
        # One flat list of (text index, sentence index): a uniform pick weights by length.
        self.flat = [(t, s) for t, text in enumerate(texts) for s in range(len(text.sentences))]
        if not self.flat:
            raise DemoError("The texts have no sentences to highlight.")

    def pick(self) -> tuple[int, int, int]:
        """(text index, start, end) of one to three sentences, a clause, or a run-on."""
        rng = self.rng
        t, first = self.flat[rng.randrange(len(self.flat))]
        text = self.texts[t]
        sentences = text.sentences
        start, end, paragraph = sentences[first]
        roll = rng.random()
        if roll < CLAUSE_SHARE:
            clauses = clause_spans(text.text, start, end)
            if len(clauses) > 1:
                start, end = clauses[rng.randrange(len(clauses))]
            return t, start, end
        wanted = rng.choices((1, 2, 3), weights=(60, 30, 10))[0]
        last = first
        while last - first + 1 < wanted and last + 1 < len(sentences):
            if sentences[last + 1][2] != paragraph:
                break
            last += 1
        end = sentences[last][1]
        if (
            rng.random() < CROSS_SHARE
            and last + 1 < len(sentences)
            and sentences[last + 1][2] == sentences[last][2] + 1
        ):
            end = sentences[last + 1][1]
        return t, start, end

    def variation(self, t: int, start: int, end: int) -> tuple[int, int, int]:
        """Another reader's take on a popular passage: the same, shorter, or longer."""
        roll = self.rng.random()
        sentences = self.texts[t].sentences
        if roll < 0.5:
            return t, start, end
        index = _sentence_at(sentences, start)
        if roll < 0.75:
            return t, start, min(end, sentences[index][1])
        last = _sentence_at(sentences, end - 1)
        if last + 1 < len(sentences) and sentences[last + 1][2] == sentences[last][2]:
            end = sentences[last + 1][1]
        return t, start, end


def _sentence_at(sentences: list[tuple[int, int, int]], offset: int) -> int:
    low, high = 0, len(sentences) - 1
    while low < high:
        middle = (low + high + 1) // 2
        if sentences[middle][0] <= offset:
            low = middle
        else:
            high = middle - 1
    return low


def plan_annotations(
    texts: Sequence[VersionText], *, readers: int, count: int, seed: int
) -> list[PlannedAnnotation]:
    """``count`` annotations by ``readers`` readers: the same for the same arguments."""
    if readers < 1:
        raise DemoError("At least one reader is needed.")
    rng = random.Random(seed)
    picker = RangePicker(texts, rng)
    favourites = [tuple(rng.sample(TAGS, FAVOURITE_TAGS)) for _ in range(readers)]
    colors, color_weights = list(COLOR_WEIGHTS), list(COLOR_WEIGHTS.values())
    popular = [picker.pick() for _ in range(max(3, count // 40))]
    history = HISTORY_DAYS * 24 * 3600
    plans: list[PlannedAnnotation] = []
    for _ in range(count):
        author = rng.randrange(readers)
        if rng.random() < POPULAR_SHARE:
            t, start, end = picker.variation(*popular[rng.randrange(len(popular))])
        else:
            t, start, end = picker.pick()
        visibility = Visibility.PUBLIC if rng.random() < PUBLIC_SHARE else Visibility.PRIVATE
        age = rng.randrange(60, history)
        replies: tuple[PlannedReply, ...] = ()
        if visibility == Visibility.PUBLIC and readers > 1 and rng.random() < REPLY_SHARE:
            replies = _plan_replies(rng, author, readers, age)
        plans.append(
            PlannedAnnotation(
                author=author,
                text=t,
                start=start,
                end=end,
                color=rng.choices(colors, weights=color_weights)[0],
                visibility=visibility,
                comment=rng.choice(COMMENTS) if rng.random() < COMMENT_SHARE else "",
                tags=_pick_tags(rng, favourites[author]),
                age_seconds=age,
                replies=replies,
            )
        )
    return plans


def _pick_tags(rng: random.Random, favourites: tuple[str, ...]) -> tuple[str, ...]:
    wanted = rng.choices((0, 1, 2, 3), weights=(30, 40, 20, 10))[0]
    tags: list[str] = []
    while len(tags) < wanted:
        tag = rng.choice(favourites) if rng.random() < 0.7 else rng.choice(TAGS)
        if tag not in tags:
            tags.append(tag)
    return tuple(tags)


def _plan_replies(
    rng: random.Random, author: int, readers: int, age: int
) -> tuple[PlannedReply, ...]:
    others = [reader for reader in range(readers) if reader != author]
    replies = []
    after = 0
    for _ in range(rng.choices((1, 2, 3), weights=(60, 30, 10))[0]):
        # Replies follow the annotation, in order, and never lie in the future.
        after = min(age - 1, after + rng.randrange(60, 3 * 24 * 3600))
        replies.append(PlannedReply(rng.choice(others), rng.choice(REPLIES), after))
    return tuple(replies)


def ensure_demo_users(count: int, *, password: str = DEMO_PASSWORD) -> list:
    """``reader1`` … ``readerN``, in that order; existing ones are reused as they are."""
    User = get_user_model()
    names = [f"{USERNAME_PREFIX}{number}" for number in range(1, count + 1)]
    existing = set(User.objects.filter(username__in=names).values_list("username", flat=True))
    missing = [name for name in names if name not in existing]
    if missing:
        # One hash for everyone: hashing is deliberately slow.
        hashed = make_password(password)
        User.objects.bulk_create(
            [User(username=name, email=f"{name}@example.org", password=hashed) for name in missing]
        )
    by_name = {user.username: user for user in User.objects.filter(username__in=names)}
    return [by_name[name] for name in names]


def ensure_tags(names: Sequence[str]) -> dict[str, int]:
    """Tag ids by name, creating what is missing (tags are one tag whatever their case)."""
    found = {
        name.casefold(): pk
        for pk, name in Tag.objects.annotate(lower=Lower("name"))
        .filter(lower__in=[name.casefold() for name in names])
        .order_by("-id")
        .values_list("id", "name")
    }
    for name in names:
        if name.casefold() not in found:
            tag = Tag(name=name)
            tag.save()  # taggit makes a unique slug on save
            found[name.casefold()] = tag.pk
    return {name: found[name.casefold()] for name in names}


@dataclass
class DemoResult:
    users: list
    annotations: int = 0
    tag_links: int = 0
    replies: int = 0


def write_annotations(
    plans: Sequence[PlannedAnnotation],
    texts: Sequence[VersionText],
    users: Sequence,
    *,
    now: datetime | None = None,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int], object] | None = None,
) -> DemoResult:
    """Store the planned annotations, their tag links and replies with ``bulk_create``.

    One transaction per batch; ``progress(n)`` is called after each batch of n.
    """
    now = now or timezone.now()
    tag_ids = ensure_tags(TAGS)
    extra = sorted({tag for plan in plans for tag in plan.tags} - set(TAGS))
    if extra:
        tag_ids |= ensure_tags(extra)
    rendered: dict[str, str] = {}

    def html(markdown: str) -> str:
        if markdown not in rendered:
            rendered[markdown] = render_markdown(markdown)
        return rendered[markdown]

    result = DemoResult(users=list(users))
    for offset in range(0, len(plans), batch_size):
        batch = plans[offset : offset + batch_size]
        annotations = []
        for plan in batch:
            text = texts[plan.text]
            prefix, suffix = quote_context(text.text, plan.start, plan.end)
            created = now - timedelta(seconds=plan.age_seconds)
            annotations.append(
                Annotation(
                    author_id=users[plan.author].pk,
                    document_id=text.document_id,
                    version_id=text.version_id,
                    start=plan.start,
                    end=plan.end,
                    exact=text.text[plan.start : plan.end],
                    prefix=prefix,
                    suffix=suffix,
                    color=plan.color,
                    comment=plan.comment,
                    comment_html=html(plan.comment),
                    visibility=plan.visibility,
                    created=created,
                    updated=created,
                )
            )
        with transaction.atomic():
            Annotation.objects.bulk_create(annotations, batch_size=batch_size)
            links = [
                TaggedAnnotation(content_object_id=annotation.pk, tag_id=tag_ids[tag])
                for plan, annotation in zip(batch, annotations, strict=True)
                for tag in plan.tags
            ]
            TaggedAnnotation.objects.bulk_create(links, batch_size=batch_size)
            replies = [
                Reply(
                    annotation_id=annotation.pk,
                    author_id=users[reply.author].pk,
                    body=reply.body,
                    body_html=html(reply.body),
                    created=annotation.created + timedelta(seconds=reply.after_seconds),
                    updated=annotation.created + timedelta(seconds=reply.after_seconds),
                )
                for plan, annotation in zip(batch, annotations, strict=True)
                for reply in plan.replies
            ]
            Reply.objects.bulk_create(replies, batch_size=batch_size)
        result.annotations += len(annotations)
        result.tag_links += len(links)
        result.replies += len(replies)
        if progress is not None:
            progress(len(batch))
    return result


def seed_demo(
    *,
    users: int,
    annotations: int,
    seed: int,
    progress: Callable[[int], object] | None = None,
) -> DemoResult:
    """Demo readers ``reader1..N`` and ``annotations`` annotations by them.

    Side effects: creates the readers that do not exist yet (password DEMO_PASSWORD),
    any missing vocabulary tags, the annotations, their tag links and replies.
    """
    texts = load_seed_texts()
    readers = ensure_demo_users(users)
    plans = plan_annotations(texts, readers=users, count=annotations, seed=seed)
    return write_annotations(plans, texts, readers, progress=progress)

"""Planning the demo (pure): texts and a seed in, readers' annotations, tags and
replies out; the same seed gives the same plan."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

from annotations.demo.texts import DemoError, VersionText, clause_spans
from annotations.models import Color, Visibility

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
    texts: Sequence[VersionText],
    *,
    readers: int,
    count: int,
    seed: int,
    popular_passages: int | None = None,
    popular_share: float = POPULAR_SHARE,
    public_share: float = PUBLIC_SHARE,
) -> list[PlannedAnnotation]:
    """``count`` annotations by ``readers`` readers: the same for the same arguments.

    ``popular_share`` of them fall on one of ``popular_passages`` passages (by default
    one for every 40 annotations) that several readers highlight, each in their own way;
    ``public_share`` of them are public. A crowd on one chapter: that chapter's text
    (``VersionText.restricted_to``), few passages and a high ``popular_share``.
    """
    if readers < 1:
        raise DemoError("At least one reader is needed.")
    rng = random.Random(seed)
    picker = RangePicker(texts, rng)
    favourites = [tuple(rng.sample(TAGS, FAVOURITE_TAGS)) for _ in range(readers)]
    colors, color_weights = list(COLOR_WEIGHTS), list(COLOR_WEIGHTS.values())
    if popular_passages is None:
        popular_passages = count // 40
    popular = [picker.pick() for _ in range(max(3, popular_passages))]
    history = HISTORY_DAYS * 24 * 3600
    plans: list[PlannedAnnotation] = []
    for _ in range(count):
        author = rng.randrange(readers)
        if rng.random() < popular_share:
            t, start, end = picker.variation(*popular[rng.randrange(len(popular))])
        else:
            t, start, end = picker.pick()
        visibility = Visibility.PUBLIC if rng.random() < public_share else Visibility.PRIVATE
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

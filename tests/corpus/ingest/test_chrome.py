"""Rule 6: web page chrome is left out of the blocks and reported in ``dropped``."""

from __future__ import annotations

import re

import pytest

from corpus.ingest import parse_text

BLOG = "what-happened-in-the-soviet-union"
ARTICLE_2020 = "socialism-and-the-soviet-union-2020"
ARTICLE_2021 = "socialism-and-the-soviet-union-2021"
RUSSIA = "russia-and-socialism"

FACEBOOK_APPEAL = (
    "We have set up a special facebook page where comrades can read this particular text and "
    "discuss and suggest amendments, additions etc. Please bear in mind that we are trying to "
    "keep down the length of the Manifesto so try not to extend the existing length too much."
)

CHROME = [
    (RUSSIA, 1, "Downloading PDF. Please wait... Issue 2009"),
    (RUSSIA, 5, "This article is over 17 years, 4 months old"),
    (RUSSIA, 7, "Issue 2009"),
    (RUSSIA, 128, "Sign up for our daily email update ‘Breakfast in Red’"),
    (RUSSIA, 130, "Latest News"),
    (RUSSIA, 132, "Make a donation to Socialist Worker"),
    (RUSSIA, 134, "Help fund the resistance"),
    (ARTICLE_2021, 3, "Published: September 2020 Updated July 2021"),
    (ARTICLE_2021, 256, "Facebook discussion page:"),
    (ARTICLE_2021, 258, FACEBOOK_APPEAL),
    (ARTICLE_2021, 283, "Leave a comment"),
    (ARTICLE_2020, 3, "Published: September 2020"),
    (ARTICLE_2020, 164, "Facebook discussion page:"),
    (ARTICLE_2020, 165, FACEBOOK_APPEAL),
    (ARTICLE_2020, 183, "Leave a comment"),
    (BLOG, 1, "Wednesday 30 October 2019"),
    (BLOG, 404, "No comments:"),
    (BLOG, 406, "Post a Comment"),
]

CHROME_IDS = [f"{name}:{line}" for name, line, _ in CHROME]

CAPTION = (
    "Workers were brought in to build the city of Magnitogorsk, as the Stalinist bureaucracy "
    "rose to power in Russia. Thirty thousand prisoners were used in the constructions. Some "
    "3,000 died in the first winter"
)

REAL_CONTENT = [
    (
        RUSSIA,
        "Abbie Bakan explains why the model of the Soviet Union is no basis for an alternative "
        "to capitalism",
    ),
    (
        RUSSIA,
        "Many people today are interested in a revolutionary alternative to capitalism. But they "
        "often worry that socialism is associated with the brutality of Stalinism, a system "
        "which dominated Russia and Eastern Europe for much of the 20th century and that was no "
        "better than Western capitalism.",
    ),
    (
        RUSSIA,
        "We can reclaim a vision of socialism that points to a new and better world, one that "
        "is both realistic and in no way similar to Stalinism.",
    ),
    (
        ARTICLE_2021,
        "The Soviet Socialist Revolution of 1917 was a breakthrough that inspired countless "
        "millions. But soon backwardness, isolation and strategic mistakes caused it to "
        "degenerate into a bureaucratic and ruthless dictatorship. Despite this, planning and "
        "public ownership brought the Soviet Union to the front rank of nations. Yet, its "
        "inability to overcome its flaws ultimately caused its dramatic collapse.",
    ),
    (
        ARTICLE_2021,
        "Clearly, there was a need to democratise the whole system by actively involving its "
        "population in the running of society. By involving its workers, customers, service "
        "users and so on in the administration of its economy and services. Such a democratic "
        "socialist model could have ended the alienation of the citizens and dramatically "
        "improved the efficiency of the system. But such a viable model was never developed by "
        "the critics of the stalinist system. Or offered as an alternative to the peoples of the "
        "Soviet Union and Eastern Europe. Thus, all the citizens of the Soviet Bloc could see "
        "was the alternative model of capitalism which at least appeared to be more efficient "
        "and offered higher living standards. Naturally, they chose this alternative when the "
        "opportunity arose. But this choice ended up delivering them into a far weaker and "
        "insecure society dominated by oligarchs and gangsters.",
    ),
    (
        ARTICLE_2020,
        "The socialist insurrection in October 1917 that created the basis for the Soviet Union "
        "was a genuinely popular revolution. Not an unrepresentative coup as critics of the "
        "revolution often maintain.",
    ),
    (
        ARTICLE_2020,
        "Clearly, there was a need to democratise the whole system by actively involving "
        "workers, customers, service users and so on in the running of society. Such a "
        "democratic socialist model could have ended the alienation of the citizens and "
        "dramatically improved the efficiency of the system. But such a viable model was never "
        "developed by the critics of the stalinist system, or offered as an alternative to the "
        "peoples of the Soviet Union and Eastern Europe. Thus, all the citizens of the Soviet "
        "Bloc could see was the alternative model of capitalism which at least appeared to be "
        "more efficient and offered higher living standards. Naturally, they chose this "
        "alternative when the opportunity arose. But this choice ended up delivering them into "
        "a far weaker and insecure society dominated by oligarchs and gangsters.",
    ),
    (
        BLOG,
        "Let me start by saying that this contribution can, of course, only be an introduction "
        "to a subject that Trotsky and other Marxists spent many years analysing and writing "
        "about. However, I hope this discussion will broaden all of our understanding but also "
        "inspire us all to go away and read and study further.",
    ),
    (
        BLOG,
        "Let me leave the last word with Trotsky: “Even if the Stalinist bureaucracy should "
        "succeed in destroying the economic foundations of the new society, the experience of "
        "planned economy ... will have entered history as one of the greatest teachings of "
        'mankind". (Leon Trotsky, Stalinism and Bolshevism,1937)',
    ),
]


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


@pytest.mark.parametrize(("name", "line", "chrome"), CHROME, ids=CHROME_IDS)
def test_it_reports_a_chrome_line_as_dropped_with_a_reason(parsed, name, line, chrome):
    dropped = [d for d in parsed[name].dropped if d.line == line]
    assert len(dropped) == 1
    assert collapse(dropped[0].text) == chrome
    assert dropped[0].reason.strip()


@pytest.mark.parametrize(("name", "line", "chrome"), CHROME, ids=CHROME_IDS)
def test_it_keeps_a_chrome_line_out_of_the_blocks(parsed, name, line, chrome):
    for block in parsed[name].blocks:
        assert chrome not in block.text


def test_it_keeps_at_most_one_copy_of_the_repeated_caption(parsed):
    doc = parsed[RUSSIA]
    copies = [block for block in doc.blocks if "to build the city of Magnitogorsk" in block.text]
    assert len(copies) <= 1
    assert all(block.text == CAPTION for block in copies)
    dropped = [d for d in doc.dropped if d.line in (8, 9)]
    assert len(dropped) == 2 - len(copies)
    for line in dropped:
        assert collapse(line.text) == CAPTION
        assert line.reason.strip()


def test_it_drops_the_blog_separator_line(parsed):
    assert all(block.text != "***" for block in parsed[BLOG].blocks)


@pytest.mark.parametrize(("name", "paragraph"), REAL_CONTENT)
def test_it_keeps_the_real_paragraphs_next_to_the_chrome(parsed, name, paragraph):
    matches = [block for block in parsed[name].blocks if block.text == paragraph]
    assert [block.kind for block in matches] == ["body"]


def test_it_keeps_a_refrain_that_a_poem_repeats_line_after_line():
    poem = (
        "A GAME OF CHESS\n\n"
        "When Lil's husband got demobbed, I said—\n"
        "I didn't mince my words, I said to her myself,\n"
        "HURRY UP PLEASE ITS TIME\n"
        "HURRY UP PLEASE ITS TIME\n"
        "Goonight Bill. Goonight Lou. Goonight May. Goonight.\n"
    )

    parsed = parse_text(poem)

    text = "\n".join(block.text for block in parsed.blocks)
    assert text.count("HURRY UP PLEASE ITS TIME") == 2
    assert parsed.dropped == []

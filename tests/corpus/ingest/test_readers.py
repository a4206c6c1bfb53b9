"""The format readers on the real files in tests/texts/ (see SOURCES-formats.md)."""

from __future__ import annotations

import collections
import io
import re
import unicodedata
import zipfile

import pytest

from corpus.ingest import IngestError, read_any
from corpus.ingest.readers import detect_format
from corpus.ingest.readers.markdown import read_text
from tests.conftest import REPO

TEXTS = REPO / "tests" / "texts"
WORD = re.compile(r"\w+")

# Hand-made ground truth: title, headings that must be found (all of a small text's
# headings), the number of notes, a sentence that must appear intact.
WASTE_LAND_HEADINGS = [
    "I. THE BURIAL OF THE DEAD",
    "II. A GAME OF CHESS",
    "III. THE FIRE SERMON",
    "IV. DEATH BY WATER",
    "V. WHAT THE THUNDER SAID",
]
TRUTH = {
    "markdown/wasteland.md": (
        "The Waste Land",
        WASTE_LAND_HEADINGS,
        50,
        "April is the cruellest month, breeding",
    ),
    "markdown/georgia.md": (
        "Georgia",
        ["Climate and Soils.", "Minerals.", "Agriculture."],
        15,
        "Atlantic",
    ),
    "markdown/childrens-literature.md": (
        "Children's Literature",
        ["BIBLIOGRAPHY", "INTRODUCTORY"],
        0,
        "FAIRY",
    ),
    "epub/wasteland.epub": (
        "The Waste Land",
        WASTE_LAND_HEADINGS,
        50,
        "April is the cruellest month, breeding",
    ),
    "epub/georgia.epub": (
        "Georgia",
        ["Climate and Soils.", "Minerals.", "Agriculture."],
        15,
        "Atlantic",
    ),
    "epub/childrens-literature.epub": (
        "Children's Literature",
        ["BIBLIOGRAPHY", "INTRODUCTORY"],
        0,
        "FAIRY",
    ),
    "html/wikipedia-mozilla.html": (
        "Mozilla",
        ["History", "Values", "Software", "Firefox"],
        72,
        "Mozilla is a free-software community, created in 1998 by members of Netscape.",
    ),
    "html/ebb-org-controversial-events.html": (
        "On Recent Controversial Events",
        [],
        0,
        "The last 33 days have been unprecedentedly difficult for the software freedom community",
    ),
    "html/v8-standalone-wasm.html": (
        "Outside the web: standalone WebAssembly binaries using Emscripten",
        ["Using standalone mode in Emscripten", "Write your own JavaScript loader"],
        0,
        "Emscripten has always focused first and foremost on compiling to the Web",
    ),
    "pdf/georgia.pdf": ("Georgia", [], 0, "Atlantic"),
    "pdf/wasteland.pdf": ("The Waste Land", [], 0, "April is the cruellest month, breeding"),
    "pdf/pdflatex-4-pages.pdf": (None, [], 0, "Hello, here is some text without a meaning."),
    "pdf/multicolumn.pdf": (None, [], 0, "This is a sample document with two columns"),
    "pdf/federal-register.pdf": (
        None,
        ["Proposed Design Changes", "Emergency Order of Prohibition", "Costs of Compliance"],
        0,
        "Investigation of the accident has been completed by the Indonesian authorities",
    ),
    "epub/moby-dick.epub": (
        "Moby-Dick",
        ["Chapter 1. Loomings.", "Chapter 2. The Carpet-Bag.", "Chapter 3. The Spouter-Inn."],
        0,
        "Call me Ishmael.",
    ),
    "epub/mahabharata.epub": ("महाभारत", ["आदि पर्व"], 0, "नारायणं नमस्कृत्य नरं चैव नरॊत्तमम"),
}


def read(name: str):
    return read_any((TEXTS / name).read_bytes(), name)


@pytest.mark.parametrize("name", sorted(TRUTH))
def test_it_reads_each_real_file_as_its_ground_truth_says(name):
    title, headings, notes, sentence = TRUTH[name]
    parsed = read(name)
    found = {block.text for block in parsed.blocks if block.kind == "heading"}
    text = "\n".join(block.text for block in parsed.blocks)

    assert parsed.title == title
    if headings:
        assert sum(heading in found for heading in headings) / len(headings) >= 0.9
    note_blocks = [block for block in parsed.blocks if block.kind == "note"]
    assert len(note_blocks) >= 0.9 * notes
    if notes:
        referenced = {ref.number for block in parsed.blocks for ref in block.refs}
        assert len(referenced) >= 0.9 * notes
    assert sentence in text


@pytest.mark.parametrize("name", ["markdown/wasteland.md", "epub/wasteland.epub"])
def test_it_finds_the_waste_lands_headings_and_no_others_in_its_poem(name):
    headings = [block.text for block in read(name).blocks if block.kind == "heading"]
    poem = headings[: headings.index('NOTES ON "THE WASTE LAND"')]

    assert poem == WASTE_LAND_HEADINGS


# A hyphen between two parts of a word, within a line or at a line's end: "sym-pathetic"
# is the word the parser may join ("sympathetic") or keep, the same word either way.
_HYPHEN = re.compile(r"(?<=\w)-(?:[ \t]*\n\s*)?(?=\w)")


def words(text: str) -> collections.Counter:
    """The words of ``text`` with repeats, as compatibility forms ("ﬁ" is "fi") and
    with a word split by a hyphen taken whole."""
    text = _HYPHEN.sub("", unicodedata.normalize("NFKC", text))
    return collections.Counter(word.lower() for word in WORD.findall(text))


def without_markers(block) -> str:
    text = block.text
    for ref in reversed(block.refs):
        text = f"{text[: ref.start]} {text[ref.end :]}"
    return text


def kept(source: str, parsed, *, aside: str = "") -> float:
    """The share of the source's words (with repeats) found in the parsed text; the words
    of ``aside`` (furniture the parser reports dropping) are not the source's."""
    texts = [without_markers(block) for block in parsed.blocks]
    out = words(" ".join(texts) + " " + (parsed.title or ""))
    src = words(source) - words(aside)
    return sum(min(n, out[w]) for w, n in src.items()) / sum(src.values())


@pytest.mark.parametrize("name", ["wasteland.md", "georgia.md", "childrens-literature.md"])
def test_it_keeps_the_words_of_a_markdown_file(name):
    source = (TEXTS / "markdown" / name).read_text(encoding="utf-8").split("---", 2)[2]
    source = re.sub(r"\[\^\d+\]:?", " ", source)

    assert kept(source, read(f"markdown/{name}")) >= 0.995


def epub_source(data: bytes) -> str:
    """The text of an EPUB's documents as a browser shows it: their bodies, without
    scripts or styles, the navigation document and cover left out."""
    from lxml import etree

    archive = zipfile.ZipFile(io.BytesIO(data))
    texts = []
    for name in archive.namelist():
        if not name.endswith("html") or "nav" in name or "cover" in name or "toc" in name:
            continue
        body = etree.fromstring(archive.read(name)).find("{*}body")
        etree.strip_elements(body, "{*}script", "{*}style", with_tail=False)
        texts.append(" ".join(body.itertext()))
    return " ".join(texts)


@pytest.mark.parametrize(
    "name",
    [
        "georgia.epub",
        "childrens-literature.epub",
        "wasteland.epub",
        "moby-dick.epub",
        "mahabharata.epub",
    ],
)
def test_it_keeps_the_words_of_an_epub(name):
    parsed = read(f"epub/{name}")
    # A poem's line numbers and the print edition's page numbers aside: the parser
    # reports dropping them, as furniture.
    furniture = {"line number", "page number"}
    aside = " ".join(line.text for line in parsed.dropped if line.reason in furniture)

    assert kept(epub_source((TEXTS / "epub" / name).read_bytes()), parsed, aside=aside) >= 0.995


@pytest.mark.parametrize(
    "name",
    [
        "georgia.pdf",
        "wasteland.pdf",
        "pdflatex-4-pages.pdf",
        "multicolumn.pdf",
        "federal-register.pdf",
    ],
)
def test_it_keeps_the_words_of_a_pdf(name):
    from pdfminer.high_level import extract_text

    source = extract_text(io.BytesIO((TEXTS / "pdf" / name).read_bytes()))
    parsed = read(f"pdf/{name}")
    # Page furniture aside: the page numbers, running heads and specks the parser reports
    # dropping; and each footnote's label, at its marker and at the note (a note's number
    # is its own, not in its text).
    furniture = {"page number", "running header", "running footer", "stray mark (OCR)"}
    aside = " ".join(line.text for line in parsed.dropped if line.reason in furniture)
    aside += " ".join(f" {b.number} {b.number}" for b in parsed.blocks if b.kind == "note")

    assert kept(source, parsed, aside=aside) >= 0.995


def blocks_of(name: str) -> list[str]:
    return [block.text for block in read(name).blocks]


def test_it_reads_a_justified_line_split_at_a_wide_space_left_to_right():
    # pdfminer cuts these printed lines in two at the space after a full stop; the box
    # or the page then put the pieces out of order.
    text = " ".join(blocks_of("pdf/multicolumn.pdf"))

    assert "Pellentesque tincidunt purus vel magna. Integer non enim. Praesent euismod" in text
    assert "Proin eu metus. Sed porttitor. In hac habitasse platea dictumst." in text
    assert "Maecenas sapien libero, molestie et, lobortis in, sodales eget, dui. Morbi" in text


def test_it_keeps_a_paragraphs_indented_first_line_in_its_paragraph():
    # Set ragged right, a paragraph's indented first line aligns with none of its lines.
    parsed = read("pdf/federal-register.pdf")
    paragraph = next(block for block in parsed.blocks if block.text.startswith("On November 7"))

    assert paragraph.kind == "body"
    assert paragraph.text.startswith(
        "On November 7, 2018, the FAA issued Emergency AD 2018–23–51 as an interim"
    )


def test_it_takes_a_poems_line_numbers_off_its_lines_and_reports_them():
    parsed = read("epub/wasteland.epub")
    texts = [block.text for block in parsed.blocks]
    numbers = [line.text for line in parsed.dropped if line.reason == "line number"]

    assert "And went on in sunlight, into the Hofgarten," in texts
    assert "I will show you fear in a handful of dust." in texts
    assert numbers[:3] == ["10", "20", "30"]
    assert len(numbers) == 43


def test_it_reports_an_epubs_print_page_numbers_as_furniture():
    parsed = read("epub/georgia.epub")
    text = " ".join(block.text for block in parsed.blocks)
    pages = [line.text for line in parsed.dropped if line.reason == "page number"]

    assert "Although excelled by Alabama in the manufacture of mineral products" in text
    assert pages[:3] == ["752", "753", "754"]


def test_it_keeps_the_line_a_poems_note_is_on_and_the_breaks_inside_a_note():
    notes = [block.text for block in read("epub/wasteland.epub").blocks if block.kind == "note"]

    assert "23. Cf. Ecclesiastes 12:5." in notes
    assert any("\"si lunga tratta di gente, ch'io non avrei mai creduto" in note for note in notes)


def test_it_reads_verse_set_with_line_breaks_a_line_at_a_time():
    # Each couplet's lines end in <br/>, a verse number opening the first.
    texts = blocks_of("epub/mahabharata.epub")

    assert texts[1:3] == [
        "नारायणं नमस्कृत्य नरं चैव नरॊत्तमम",
        "देवीं सरस्वतीं चैव ततॊ जयम उदीरयेत",
    ]


def test_it_keeps_every_greater_than_sign_in_markdown_prose():
    parsed = read_text("See <https://example.org> and a > b, but x < y.\n\n> a quote > this\n")

    assert [(block.kind, block.text) for block in parsed.blocks] == [
        ("body", "See https://example.org and a > b, but x < y."),
        ("quote", "a quote > this"),
    ]


def test_it_links_markdown_footnotes_to_their_markers():
    parsed = read_text("A claim[^a] and more[^b].\n\n[^a]: First.\n[^b]: Second *note*.\n")
    body, first, second = parsed.blocks

    assert body.text == "A claim1 and more2."
    assert [(ref.start, ref.end, ref.number) for ref in body.refs] == [(7, 8, 1), (17, 18, 2)]
    assert (first.kind, first.number, first.text) == ("note", 1, "First.")
    assert (second.kind, second.number, second.text) == ("note", 2, "Second note.")


def test_it_takes_front_matter_as_metadata():
    parsed = read_text("---\ntitle: An essay\nauthor: Jane Roe\ndate: 2020-09-30\n---\n\nText.\n")

    assert (parsed.title, parsed.author, parsed.published) == ("An essay", "Jane Roe", "2020-09-30")
    assert [block.text for block in parsed.blocks] == ["Text."]


@pytest.mark.parametrize(
    "data, filename, expected",
    [
        (b"%PDF-1.4 ...", "x.bin", "pdf"),
        (b"<!DOCTYPE html><html><body>x</body></html>", "page", "html"),
        (b"---\ntitle: x\n---\nText", "essay", "markdown"),
        (b"# Heading\n\nText", "", "markdown"),
        (b"Plain text.\n", "notes.txt", "text"),
        (b"Plain text.\n", "", "text"),
    ],
)
def test_it_detects_the_format(data, filename, expected):
    assert detect_format(data, filename) == expected


def drm_epub() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip")
        archive.writestr(
            "META-INF/encryption.xml",
            '<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container" '
            'xmlns:enc="http://www.w3.org/2001/04/xmlenc#"><enc:EncryptedData>'
            '<enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>'
            '<enc:CipherData><enc:CipherReference URI="OEBPS/ch1.xhtml"/></enc:CipherData>'
            "</enc:EncryptedData></encryption>",
        )
        archive.writestr("OEBPS/ch1.xhtml", b"\x8f\x02encrypted")
    return buffer.getvalue()


def rights_epub() -> bytes:
    """A book with a DRM scheme's licence file (and no encryption.xml), else readable."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        with zipfile.ZipFile(TEXTS / "epub/wasteland.epub") as source:
            for item in source.infolist():
                archive.writestr(item, source.read(item.filename))
        archive.writestr("META-INF/rights.xml", "<rights xmlns='http://ns.adobe.com/adept'/>")
    return buffer.getvalue()


BAD = {
    "empty": (b"", "empty.txt", "the file is empty"),
    "binary": (
        b"\x89PNG\r\n\x1a\n\x00\x00binary",
        "x.png",
        "not a text, Markdown, HTML, EPUB or PDF file",
    ),
    "encrypted PDF": (
        (TEXTS / "pdf/bad-encrypted.pdf").read_bytes(),
        "e.pdf",
        "the PDF is encrypted",
    ),
    "image-only PDF": (
        (TEXTS / "pdf/bad-image-only.pdf").read_bytes(),
        "s.pdf",
        "the PDF has no text layer (scanned images only?)",
    ),
    "damaged PDF": (b"%PDF-1.7\n\x00\x01 junk", "d.pdf", "the PDF is damaged and cannot be read"),
    "DRM EPUB": (drm_epub(), "b.epub", "the EPUB is DRM-protected (its content is encrypted)"),
    "EPUB with a DRM licence": (
        rights_epub(),
        "r.epub",
        "the EPUB is DRM-protected (its content is encrypted)",
    ),
    "HTML without article": (
        b"<html><body><nav><a href='/'>Home</a></nav></body></html>",
        "p.html",
        "no article found in this HTML page",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD))
def test_it_refuses_bad_input_with_one_clear_line(case):
    data, filename, message = BAD[case]

    with pytest.raises(IngestError) as error:
        read_any(data, filename)

    assert str(error.value) == message


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(BAD))
def test_the_command_stores_nothing_for_bad_input(case, tmp_path):
    from django.core.management import CommandError, call_command

    from corpus.models import Document

    data, filename, message = BAD[case]
    path = tmp_path / filename
    path.write_bytes(data)

    with pytest.raises(CommandError) as error:
        call_command("ingest", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert str(error.value) == f"error: {path}: {message}"
    assert not Document.objects.exists()


def test_it_takes_a_web_pages_author_as_names_only():
    # The page's byline is "Bradley M. Kuhn (http://ebb.org/bkuhn/)", which trafilatura
    # reads as "Bradley M Kuhn http; Ebb Org; Bkuhn".
    parsed = read("html/ebb-org-controversial-events.html")

    assert (parsed.author, parsed.published) == ("Bradley M Kuhn", "2019-10-15")

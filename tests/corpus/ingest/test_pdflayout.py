"""The PDF reader's faster layout gives pdfminer.six's own layout, item for item."""

from __future__ import annotations

import io

import pytest
from pdfminer.high_level import extract_pages
from pdfminer.layout import LTChar, LTContainer, LTPage, LTTextLineHorizontal

from corpus.ingest.readers import pdf
from tests.conftest import REPO

PDFS = [
    "georgia.pdf",
    "wasteland.pdf",
    "pdflatex-4-pages.pdf",
    "multicolumn.pdf",
    "federal-register.pdf",
]
# Our page and line classes stand in for pdfminer's; compared under pdfminer's names.
_NAMES = {"_Page": LTPage.__name__, "_Line": LTTextLineHorizontal.__name__}


def _items(layouts) -> list[tuple[str, list]]:
    """Every item of every page, depth first: its class and its attributes."""
    found: list[tuple[str, list]] = []

    def walk(item) -> None:
        attributes = {
            key: value
            for key, value in vars(item).items()
            if key not in ("_objs", "groups", "ncs", "graphicstate")
        }
        if isinstance(item, LTChar):
            attributes["ncs"] = repr(item.ncs)
            attributes["graphicstate"] = repr(vars(item.graphicstate))
        name = type(item).__name__
        found.append((_NAMES.get(name, name), sorted(attributes.items(), key=lambda kv: kv[0])))
        if isinstance(item, LTContainer):
            for child in item:
                walk(child)

    for layout in layouts:
        walk(layout)
    return found


@pytest.mark.parametrize("name", PDFS)
def test_it_lays_out_a_pdf_as_pdfminer_does(name):
    data = (REPO / "tests" / "texts" / "pdf" / name).read_bytes()

    ours = _items(pdf._layouts(pdf._document(data)))
    pdfminers = _items(extract_pages(io.BytesIO(data), laparams=pdf._LAYOUT))

    assert len(ours) == len(pdfminers)
    assert ours == pdfminers

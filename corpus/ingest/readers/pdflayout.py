"""pdfminer.six's page layout, the same results with less work per character.

pdfminer spends most of a book's time on its characters: for each one it translates a
matrix, looks up the glyph's text and width, builds an ``LTChar`` through four
constructors, then compares it with its neighbour through half a dozen method calls to
group characters into lines. ``PageAggregator`` does the same arithmetic, in the same
order, inline: the glyphs of each font are looked up once, characters are built
directly, and (with vertical text off, as the reader sets it) lines are grouped in one
loop. Everything else (content streams, boxes, reading order) is pdfminer's own.

The arithmetic mirrors pdfminer.six 20260107 (``PDFTextDevice.render_string_horizontal``,
``PDFLayoutAnalyzer.render_char``, ``LTChar.__init__``, ``apply_matrix_rect``,
``LTLayoutContainer.group_objects``, ``LTTextLineHorizontal.add``); the reader's tests
compare the two on every PDF in tests/texts.
"""

from __future__ import annotations

from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import (
    INF,
    IndexAssigner,
    LAParams,
    LTAnno,
    LTChar,
    LTContainer,
    LTPage,
    LTTextBox,
    LTTextBoxVertical,
    LTTextLineHorizontal,
)
from pdfminer.pdffont import PDFUnicodeNotDefined
from pdfminer.utils import apply_matrix_rect


class PageAggregator(PDFPageAggregator):
    """``PDFPageAggregator`` with a fast path for horizontal text."""

    def __init__(self, rsrcmgr, pageno: int = 1, laparams: LAParams | None = None) -> None:
        super().__init__(rsrcmgr, pageno=pageno, laparams=laparams)
        # id(font) -> (font, {cid: (text, width)}); the font is kept so its id stays its own.
        self._glyphs: dict[int, tuple[object, dict[int, tuple[str, float]]]] = {}

    def begin_page(self, page, ctm) -> None:
        (x0, y0, x1, y1) = apply_matrix_rect(ctm, page.mediabox)
        self.cur_item = _Page(self.pageno, (0, 0, abs(x0 - x1), abs(y0 - y1)))

    def _glyphs_of(self, font) -> dict[int, tuple[str, float]]:
        entry = self._glyphs.get(id(font))
        if entry is None or entry[0] is not font:
            entry = self._glyphs[id(font)] = (font, {})
        return entry[1]

    def _glyph(self, font, cid: int, glyphs: dict[int, tuple[str, float]]) -> tuple[str, float]:
        try:
            text = font.to_unichr(cid)
            assert isinstance(text, str), str(type(text))
        except PDFUnicodeNotDefined:
            text = self.handle_undefined_char(font, cid)
        glyph = glyphs[cid] = (text, font.char_width(cid))
        return glyph

    def render_string_horizontal(
        self,
        seq,
        matrix,
        pos,
        font,
        fontsize,
        scaling,
        charspace,
        wordspace,
        rise,
        dxscale,
        ncs,
        graphicstate,
    ):
        if font.is_vertical():
            return super().render_string_horizontal(
                seq,
                matrix,
                pos,
                font,
                fontsize,
                scaling,
                charspace,
                wordspace,
                rise,
                dxscale,
                ncs,
                graphicstate,
            )
        (x, y) = pos
        (a, b, c, d, e, f) = matrix
        glyphs = self._glyphs_of(font)
        fontname = font.fontname
        descent = font.get_descent() * fontsize
        bottom = descent + rise
        top = descent + rise + fontsize
        upright = a * d * scaling > 0 and b * c <= 0
        # LTPage and LTFigure add an item by appending it
        item_add = type(self.cur_item).add
        add = self.cur_item._objs.append if item_add is LTContainer.add else self.cur_item.add
        new = LTChar.__new__
        needcharspace = False
        for obj in seq:
            if isinstance(obj, (int, float)):
                x -= obj * dxscale
                needcharspace = True
            elif isinstance(obj, bytes):
                for cid in font.decode(obj):
                    if needcharspace:
                        x += charspace
                    glyph = glyphs.get(cid) or self._glyph(font, cid, glyphs)
                    # translate_matrix(matrix, (x, y))
                    e1 = x * a + y * c + e
                    f1 = x * b + y * d + f
                    adv = glyph[1] * fontsize * scaling
                    # apply_matrix_rect((a, b, c, d, e1, f1), (0, bottom, adv, top))
                    left1, bottom1 = a * 0 + c * bottom + e1, b * 0 + d * bottom + f1
                    right1, bottom2 = a * adv + c * bottom + e1, b * adv + d * bottom + f1
                    right2, top1 = a * adv + c * top + e1, b * adv + d * top + f1
                    left2, top2 = a * 0 + c * top + e1, b * 0 + d * top + f1
                    # min() and max() of four, as the builtins pick (the first of equals)
                    x0 = left1
                    if left2 < x0:
                        x0 = left2
                    if right1 < x0:
                        x0 = right1
                    if right2 < x0:
                        x0 = right2
                    y0 = bottom1
                    if bottom2 < y0:
                        y0 = bottom2
                    if top1 < y0:
                        y0 = top1
                    if top2 < y0:
                        y0 = top2
                    x1 = left1
                    if left2 > x1:
                        x1 = left2
                    if right1 > x1:
                        x1 = right1
                    if right2 > x1:
                        x1 = right2
                    y1 = bottom1
                    if bottom2 > y1:
                        y1 = bottom2
                    if top1 > y1:
                        y1 = top1
                    if top2 > y1:
                        y1 = top2
                    item = new(LTChar)
                    item.__dict__ = {
                        "_text": glyph[0],
                        "matrix": (a, b, c, d, e1, f1),
                        "fontname": fontname,
                        "ncs": ncs,
                        "graphicstate": graphicstate,
                        "adv": adv,
                        "upright": upright,
                        "x0": x0,
                        "y0": y0,
                        "x1": x1,
                        "y1": y1,
                        "width": x1 - x0,
                        "height": y1 - y0,
                        "bbox": (x0, y0, x1, y1),
                        "size": y1 - y0,
                    }
                    add(item)
                    x += adv
                    if cid == 32 and wordspace:
                        x += wordspace
                    needcharspace = True
            else:
                super().render_string_horizontal(
                    [obj],
                    matrix,
                    (x, y),
                    font,
                    fontsize,
                    scaling,
                    charspace,
                    wordspace,
                    rise,
                    dxscale,
                    ncs,
                    graphicstate,
                )
        return (x, y)


class _Page(LTPage):
    def analyze(self, laparams: LAParams) -> None:
        """``LTLayoutContainer.analyze``, its characters told apart in one pass."""
        textobjs = [obj for obj in self._objs if isinstance(obj, LTChar)]
        otherobjs = [obj for obj in self._objs if not isinstance(obj, LTChar)]
        for obj in otherobjs:
            obj.analyze(laparams)
        if not textobjs:
            return
        empties, textlines = [], []
        for line in self.group_objects(laparams, textobjs):
            (empties if line.is_empty() else textlines).append(line)
        for obj in empties:
            obj.analyze(laparams)
        textboxes = list(self.group_textlines(laparams, textlines))
        if laparams.boxes_flow is None:
            for textbox in textboxes:
                textbox.analyze(laparams)

            def getkey(box):
                if isinstance(box, LTTextBoxVertical):
                    return (0, -box.x1, -box.y0)
                return (1, -box.y0, box.x0)

            textboxes.sort(key=getkey)
        else:
            self.groups = self.group_textboxes(laparams, textboxes)
            assigner = IndexAssigner()
            for group in self.groups:
                group.analyze(laparams)
                assigner.run(group)
            textboxes.sort(key=lambda box: box.index)
        self._objs = textboxes + otherobjs + empties

    def group_objects(self, laparams: LAParams, objs):
        """``LTLayoutContainer.group_objects`` for horizontal text, in one loop."""
        if laparams.detect_vertical:
            yield from super().group_objects(laparams, objs)
            return
        line_overlap = laparams.line_overlap
        char_margin = laparams.char_margin
        word_margin = laparams.word_margin
        line: list | None = None
        objs = iter(objs)
        obj0 = next(objs, None)
        if obj0 is None:
            return
        # obj0's box, carried from one character to the next
        ax0, ay0, ax1, ay1, aw, ah = obj0.x0, obj0.y0, obj0.x1, obj0.y1, obj0.width, obj0.height
        for obj1 in objs:
            bx0, by0, bx1, by1, bw, bh = obj1.x0, obj1.y0, obj1.x1, obj1.y1, obj1.width, obj1.height
            # is_voverlap, voverlap, hdistance, with min(), max() and abs() written out:
            # their values only meet comparisons, so ties and zeros' signs do not matter.
            halign = False
            if by0 <= ay1 and ay0 <= by1:
                voverlap = ay0 - by1 if ay0 >= by1 else by1 - ay0
                other = ay1 - by0 if ay1 >= by0 else by0 - ay1
                if other < voverlap:
                    voverlap = other
                if (bh if bh < ah else ah) * line_overlap < voverlap:
                    if bx0 <= ax1 and ax0 <= bx1:
                        hdistance = 0
                    else:
                        hdistance = ax0 - bx1 if ax0 >= bx1 else bx1 - ax0
                        other = ax1 - bx0 if ax1 >= bx0 else bx0 - ax1
                        if other < hdistance:
                            hdistance = other
                    halign = hdistance < (bw if bw > aw else aw) * char_margin
            if halign and line is not None:
                line.append(obj1)
            elif line is not None:
                yield _line(line, word_margin)
                line = None
            elif halign:
                line = [obj0, obj1]
            else:
                yield _line([obj0], word_margin)
            obj0 = obj1
            ax0, ay0, ax1, ay1, aw, ah = bx0, by0, bx1, by1, bw, bh
        yield _line(line if line is not None else [obj0], word_margin)


class _Line(LTTextLineHorizontal):
    """A line of characters and the spaces between them (``LTChar``, ``LTAnno``)."""

    def get_text(self) -> str:
        return "".join([obj._text for obj in self._objs])

    def analyze(self, laparams: LAParams) -> None:
        # Characters and spaces have nothing to analyze; the line ends in a newline.
        self._objs.append(LTAnno("\n"))


def _line(chars: list, word_margin: float) -> LTTextLineHorizontal:
    """A line with ``chars`` added one by one, as ``LTTextLineHorizontal.add`` adds them."""
    line = _Line(word_margin)
    objs = line._objs
    x0, y0, x1, y1 = +INF, +INF, -INF, -INF
    last_x1 = +INF
    for char in chars:
        if word_margin:
            margin = word_margin * max(char.width, char.height)
            if last_x1 < char.x0 - margin:
                objs.append(LTAnno(" "))
        last_x1 = char.x1
        objs.append(char)
        # min(x0, char.x0) and the like, as LTExpandableContainer.add takes them
        if char.x0 < x0:
            x0 = char.x0
        if char.y0 < y0:
            y0 = char.y0
        if char.x1 > x1:
            x1 = char.x1
        if char.y1 > y1:
            y1 = char.y1
    line._x1 = last_x1
    line.set_bbox((x0, y0, x1, y1))
    return line


def page_rows(layout) -> list[list[list]]:
    """A laid-out page's text boxes in reading order, each as its printed lines, each
    line the pdfminer lines on its baseline, left to right.

    pdfminer ends a line at a gap wider than ``char_margin`` characters, so a justified
    line with a wide space (after a full stop, in a narrow column) comes out as two
    lines on one baseline. In one box, the box orders them by height alone ("Integer
    non enim. Praesent euismod nunc" before "magna."); a piece that forms a box of its
    own ("Sed porttitor.") is read after the whole column. Pieces on one baseline are
    read left to right as one line, and a one-line box that sits on a line of a column
    box, within the column, joins that line.
    """
    boxes = [box for box in layout if isinstance(box, LTTextBox)]
    rows = {id(box): _rows(box) for box in boxes}
    for piece in boxes:
        if len(rows[id(piece)]) != 1 or len(rows[id(piece)][0]) != 1:
            continue
        line = rows[id(piece)][0][0]
        for box in boxes:
            if box is piece or not (
                box.x0 <= line.x0 and line.x1 <= box.x1 and box.y0 < line.y1 and line.y0 < box.y1
            ):
                continue
            row = next((row for row in rows[id(box)] if _same_baseline(row[0], line)), None)
            if row is not None and all(_same_baseline(other, line) for other in row):
                row.append(line)
                row.sort(key=lambda line: line.x0)
                rows[id(piece)] = []
                break
    for index, piece in enumerate(boxes):
        if len(rows[id(piece)]) == 1:
            below = next((box for box in boxes[index + 1 :] if rows[id(box)]), None)
            if below is not None and _first_line_of(rows[id(piece)][0], below):
                rows[id(below)][:0] = rows[id(piece)]
                rows[id(piece)] = []
    return [rows[id(box)] for box in boxes if rows[id(box)]]


def _first_line_of(row: list, box) -> bool:
    """Whether the printed line ``row`` is the indented first line of the paragraph in
    ``box``, read next: pdfminer leaves such a line out of its box when the text is set
    ragged right (its lines align on neither side). It sits a line above the box,
    indented by an em or a few, as tall as its lines, and runs most of its width."""
    first = box._objs[0]
    height = first.height
    x0, x1 = row[0].x0, row[-1].x1
    gap = min(line.y0 for line in row) - first.y1
    return (
        all(abs(line.height - height) < 0.1 * height for line in row)
        and -0.5 * height <= gap <= 0.5 * height
        and 0.5 * height <= x0 - box.x0 <= 4 * height
        and box.x1 - 0.35 * (box.x1 - box.x0) <= x1 <= box.x1 + 2 * height
    )


def _rows(box) -> list[list]:
    rows: list[list] = []
    for line in box:
        if not isinstance(line, LTTextLineHorizontal):
            continue
        row = rows[-1] if rows else None
        if row is not None and all(_same_baseline(other, line) for other in row):
            row.append(line)
        else:
            rows.append([line])
    for row in rows:
        row.sort(key=lambda line: line.x0)
    return rows


def _same_baseline(a, b) -> bool:
    """Whether ``a`` and ``b`` are pieces of one printed line: side by side, overlapping
    by most of the smaller one's height."""
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    side_by_side = a.x1 <= b.x0 or b.x1 <= a.x0
    return side_by_side and overlap > 0.7 * min(a.height, b.height)

/* Text offsets: the .t elements of the page and their offsets in the document text, and
   a selection turned into {start, end, exact} by walking their text nodes.

   Each block (id="p-<ordinal>", data-ordinal) has its text in one .t element whose
   data-start is the text's offset in the document text, where paragraphs are joined by
   "\n\n". Inside .t there is only the text, wrapped in inline elements at most. */
import { BLOCK } from "./page.js";

const segments = []; // in DOM order (notes are gathered at the end of a section page)
const ordered = []; // by offset
const segmentOfElement = new Map();
const segmentByBlock = new Map();

export function indexSegments(article) {
  Array.prototype.forEach.call(article.querySelectorAll(".t[data-start]"), function (element) {
    var block = element.closest(BLOCK);
    var start = parseInt(element.getAttribute("data-start"), 10);
    if (!block || !isFinite(start)) return;
    var segment = {
      element: element,
      block: block,
      start: start,
      heading: block.classList.contains("heading-block"),
      text: null,
    };
    segments.push(segment);
    segmentOfElement.set(element, segment);
    segmentByBlock.set(block, segment);
  });
  segments.forEach(function (segment) {
    ordered.push(segment);
  });
  ordered.sort(function (a, b) {
    return a.start - b.start;
  });
}

// The segments in the order they are laid out on the page.
export function segmentsOnPage() {
  return segments;
}

export function segmentOfBlock(block) {
  return segmentByBlock.get(block);
}

// The first segment in the document's order, or undefined.
export function firstSegment() {
  return ordered[0];
}

export function textOf(segment) {
  if (segment.text === null) segment.text = segment.element.textContent;
  return segment.text;
}

export function endOf(segment) {
  return segment.start + textOf(segment).length;
}

export function segmentsOverlapping(start, end) {
  return ordered.filter(function (segment) {
    return segment.start < end && endOf(segment) > start;
  });
}

// The document text between two offsets, rebuilt from the page: null when part of it is
// not on this page (two segments that are not neighbours in the document).
function textBetween(start, end) {
  var parts = [];
  var previous = null;
  var found = segmentsOverlapping(start, end);
  for (var i = 0; i < found.length; i++) {
    var segment = found[i];
    if (previous && segment.start !== endOf(previous) + 2) return null;
    if (previous) parts.push("\n\n");
    var text = textOf(segment);
    parts.push(text.slice(Math.max(start, segment.start) - segment.start, Math.min(end, endOf(segment)) - segment.start));
    previous = segment;
  }
  if (!found.length) return null;
  if (start < found[0].start || end > endOf(found[found.length - 1])) return null;
  return parts.join("");
}

// Text nodes of a .t element with their offsets from its start.
export function textNodes(element) {
  var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  var found = [];
  var position = 0;
  var node;
  while ((node = walker.nextNode())) {
    found.push({ node: node, from: position });
    position += node.data.length;
  }
  return found;
}

/* ---------- Selection → document offsets ---------- */

// The offset of a range boundary, or of the nearest .t edge in the given direction
// when the boundary is outside every .t (in a pilcrow, between blocks, outside the text).
function boundaryOffset(container, offset, isStart) {
  var element = container.nodeType === 1 ? container : container.parentElement;
  var t = element && element.closest(".t");
  var segment = t && segmentOfElement.get(t);
  if (segment) {
    var range = document.createRange();
    range.setStart(t, 0);
    range.setEnd(container, offset);
    // Range text is the text nodes' data, as in the document text (unlike innerText).
    return segment.start + range.toString().length;
  }
  // Binary search: how many segments begin before the boundary (in DOM order).
  var point = document.createRange();
  point.setStart(container, offset);
  var low = 0;
  var high = segments.length;
  while (low < high) {
    var middle = (low + high) >> 1;
    if (point.comparePoint(segments[middle].element, 0) < 0) low = middle + 1;
    else high = middle;
  }
  if (isStart) return low < segments.length ? segments[low].start : null;
  return low > 0 ? endOf(segments[low - 1]) : null;
}

// The document offset where an element inside a .t begins.
export function offsetBefore(element) {
  return boundaryOffset(element, 0, true);
}

// Note markers (a.note-ref, sup.fn) inside a segment, as document offsets.
function markerSpans(segment) {
  var spans = [];
  var markers = segment.element.querySelectorAll("a.note-ref, sup.fn");
  for (var i = 0; i < markers.length; i++) {
    var range = document.createRange();
    range.setStart(segment.element, 0);
    range.setEndBefore(markers[i]);
    var from = segment.start + range.toString().length;
    spans.push([from, from + markers[i].textContent.length]);
  }
  return spans;
}

export function segmentAt(offset, isEnd) {
  for (var i = 0; i < ordered.length; i++) {
    var segment = ordered[i];
    if (isEnd ? segment.start < offset && offset <= endOf(segment) : segment.start <= offset && offset < endOf(segment)) {
      return segment;
    }
  }
  return null;
}

const WORD = /[\p{L}\p{N}\p{M}]/u;
const APOSTROPHE = /['\u2019]/;

// Whether text[k - 1] and text[k] are in one word (an apostrophe inside one, as in
// "don't", counts as part of it).
function joins(text, k) {
  var before = text.charAt(k - 1);
  var after = text.charAt(k);
  if (!before || !after) return false;
  if (WORD.test(before) && WORD.test(after)) return true;
  if (APOSTROPHE.test(after)) return WORD.test(before) && WORD.test(text.charAt(k + 1));
  if (APOSTROPHE.test(before)) return WORD.test(after) && WORD.test(text.charAt(k - 2));
  return false;
}

// [start, end) widened to whole words at both ends (a word never crosses paragraphs).
export function snapToWords(start, end) {
  var first = segmentAt(start, false);
  if (first) {
    var text = textOf(first);
    var i = start - first.start;
    while (i > 0 && joins(text, i)) i--;
    start = first.start + i;
  }
  var last = segmentAt(end, true);
  if (last) {
    var lastText = textOf(last);
    var j = end - last.start;
    while (j < lastText.length && joins(lastText, j)) j++;
    end = last.start + j;
  }
  return [start, end];
}

/* A selection as {start, end, exact}, {refused: message}, or null for nothing to do.
   A partly selected word is taken whole at either end, unless options.exact (Alt was
   held while selecting). Headings at either end are left out; note markers and
   whitespace are trimmed off. */
export function targetFromRange(range, options) {
  if (!segments.length) return null;
  var start = boundaryOffset(range.startContainer, range.startOffset, true);
  var end = boundaryOffset(range.endContainer, range.endOffset, false);
  if (start === null || end === null) return null;
  if (start > end) {
    var swap = start;
    start = end;
    end = swap;
  }
  if (start === end) return null;
  var touched = segmentsOverlapping(start, end);
  var body = touched.filter(function (segment) {
    return !segment.heading;
  });
  if (!body.length) {
    return touched.length ? { refused: "Highlights go on the text, not the headings." } : null;
  }
  start = Math.max(start, body[0].start);
  end = Math.min(end, endOf(body[body.length - 1]));
  if (!(options && options.exact)) {
    var words = snapToWords(start, end);
    start = words[0];
    end = words[1];
  }
  // Whitespace, then a note marker, then whitespace again: "base.¹ " ends at "base.".
  for (var pass = 0; pass < 3 && start < end; pass++) {
    var text = textBetween(start, end);
    if (text === null) return { refused: "Part of that selection is not on this page." };
    var leading = text.length - text.replace(/^\s+/, "").length;
    var trailing = text.length - text.replace(/\s+$/, "").length;
    start += leading;
    end -= trailing;
    if (start >= end) return null;
    var first = segmentAt(start, false);
    var last = segmentAt(end, true);
    if (first) {
      markerSpans(first).forEach(function (span) {
        if (span[0] <= start && start < span[1]) start = span[1];
      });
    }
    if (last) {
      markerSpans(last).forEach(function (span) {
        if (span[0] < end && end <= span[1]) end = span[0];
      });
    }
  }
  if (start >= end) return null;
  var exact = textBetween(start, end);
  if (exact === null) return { refused: "Part of that selection is not on this page." };
  if (!exact.trim()) return null;
  return { start: start, end: end, exact: exact };
}

// A short quote of an annotation from the page's own text, clipped at the page's edges.
export function pageQuote(annotation, limit) {
  var first = ordered[0];
  var last = ordered[ordered.length - 1];
  if (!first) return "";
  var start = Math.max(annotation.start, first.start);
  var end = Math.min(annotation.end, endOf(last));
  var text = (start < end && textBetween(start, end)) || "";
  text = text.replace(/\s+/g, " ");
  if (annotation.start < start) text = "…" + text;
  if (limit && text.length > limit) text = text.slice(0, limit - 1).replace(/\s+\S*$/, "") + "…";
  else if (annotation.end > end) text += "…";
  return text;
}

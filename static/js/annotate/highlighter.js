/* Drawing highlights: marks in the text and the margin counts, redrawn from the store with
   the same rules as the server's (reader/presenters.py, _inline and _mark_open), so that
   the page looks the same before and after a reload. Text nodes are split and wrapped,
   never changed. One mark a run, never nested: a run under the popular layer (other
   readers' public highlights, page.popular: [start, end, readers, level]) carries its
   "pop pop-<level>" classes, on the highlight's mark or on a mark.pop of its own. */
import { COLORS, article, page } from "./page.js";
import { endOf, offsetBefore, segmentsOnPage, segmentsOverlapping, textNodes, textOf } from "./offsets.js";
import {
  allAnnotations,
  annotationById,
  forgetAnnotation,
  settleRecord,
  storeAnnotation,
} from "./store.js";

function order(annotation) {
  return typeof annotation.id === "number" ? annotation.id : 1e15 + annotation.sequence;
}

// The server's order: by start, longest first, then oldest.
function byPosition(a, b) {
  return a.start - b.start || b.end - a.end || order(a) - order(b);
}

// The innermost (latest start, shortest) first: the one whose colour a run shows.
export function innermostFirst(a, b) {
  return byPosition(b, a);
}

export function colorOf(annotation) {
  return COLORS.indexOf(annotation.color) >= 0 ? annotation.color : COLORS[0];
}

// The mark where an annotation begins: it takes keyboard focus and opens its card.
export function markOf(annotation) {
  return article.querySelector('mark[data-starts~="' + annotation.id + '"]');
}

var WORDS_IN_LABEL = 40; // reader/presenters.py's WORDS_IN_LABEL

// Words for a label: spaces collapsed, cut at a word end with "…" when too long.
export function quoteForLabel(words) {
  words = words.split(/\s+/).filter(Boolean).join(" ");
  if (words.length <= WORDS_IN_LABEL) return words;
  var cut = words.slice(0, WORDS_IN_LABEL + 1);
  var space = cut.lastIndexOf(" ");
  cut = space > WORDS_IN_LABEL / 2 ? cut.slice(0, space) : cut.slice(0, WORDS_IN_LABEL);
  return cut.replace(/[ ,;:.—–-]+$/, "") + "…";
}

function commentCount(annotation) {
  return (annotation.has_comment ? 1 : 0) + (annotation.reply_count || 0);
}

function countComments(count) {
  if (!count) return "no comments";
  return count === 1 ? "1 comment" : count + " comments";
}

/* A mark's accessible name, as the server's highlight_label: its words first, then whose,
   colour and comment count. `rest` is the paragraph's text from where they start. */
export function markLabel(starting, rest) {
  var length = Math.max.apply(null, starting.map(function (a) { return a.end - a.start; }));
  var words = quoteForLabel(rest.slice(0, length));
  if (length > rest.length && words.slice(-1) !== "…") words += "…";
  var parts = ["“" + words + "”"];
  if (starting.length === 1) {
    var a = starting[0];
    parts.push("highlight by " + (a.author || "you") + ", " + colorOf(a) + ", " + countComments(commentCount(a)));
  } else {
    // Several: how many, whose and how many comments; each one is in the card.
    var by = new Map();
    var total = 0;
    starting.forEach(function (one) {
      var author = one.author || "you";
      by.set(author, (by.get(author) || 0) + 1);
      total += commentCount(one);
    });
    if (by.size === 1) {
      parts.push(starting.length + " highlights by " + by.keys().next().value);
    } else {
      // The most first, then by name (as the server's highlight_label).
      var whose = Array.from(by.entries())
        .sort(function (a, b) {
          return b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0);
        })
        .map(function (entry) {
          return entry[1] + " by " + entry[0];
        });
      parts.push(starting.length + " highlights: " + whose.join(", "));
    }
    parts.push(countComments(total));
  }
  if (starting.some(isMoved)) parts.push("moved by a new version: please check");
  return parts.join(", ");
}

// The popular stretches, in order: {start, end, readers, level}.
var stretches = (page && Array.isArray(page.popular) ? page.popular : []).map(function (item) {
  return { start: item[0], end: item[1], readers: item[2], level: item[3] };
});

export function popularStretches() {
  return stretches;
}

// The popular stretch over a document offset, or null.
export function stretchAt(offset) {
  var low = 0;
  var high = stretches.length - 1;
  while (low <= high) {
    var middle = (low + high) >> 1;
    var stretch = stretches[middle];
    if (offset < stretch.start) high = middle - 1;
    else if (offset >= stretch.end) low = middle + 1;
    else return stretch;
  }
  return null;
}

// The annotations drawn over a document offset, innermost first (what a click there opens).
export function coveringAt(offset) {
  return allAnnotations()
    .filter(function (a) {
      return a.start <= offset && a.end > offset;
    })
    .sort(innermostFirst);
}

// The offset in the document text where a mark's run begins.
export function offsetOfMark(mark) {
  return offsetBefore(mark);
}

/* A popular stretch's accessible name, as the server's popular_label: how many readers,
   then its words. `rest` is the paragraph's text from the run; `length` to the stretch's end. */
export function popularLabel(stretch, rest, length) {
  var words = quoteForLabel(rest.slice(0, length));
  if (length > rest.length && words.slice(-1) !== "…") words += "…";
  var readers = stretch.readers === 1 ? "1 reader" : stretch.readers + " readers";
  return "Highlighted by " + readers + ": “" + words + "”";
}

// The first run of a popular stretch: it takes focus and opens the stretch's annotations.
function openPopular(mark, stretch, rest, length) {
  mark.classList.add("pop-start");
  asButton(mark, popularLabel(stretch, rest, length));
}

// Where a highlight starts: it takes focus and opens its card.
function openHighlights(mark, starting, rest) {
  mark.setAttribute("data-starts", starting.map(function (a) { return a.id; }).join(" "));
  asButton(mark, markLabel(starting, rest));
}

function asButton(mark, label) {
  mark.tabIndex = 0;
  mark.setAttribute("role", "button");
  mark.setAttribute("aria-label", label);
}

// The annotations that begin at a mark (its data-starts), as the store holds them.
function startingAt(mark) {
  var ids = mark.getAttribute("data-starts");
  return ids ? ids.split(" ").map(annotationById).filter(Boolean) : [];
}

/* The server sends its marks bare: classes, and data-starts where highlights begin
   (reader/presenters.py). When the page starts, the marks that open something (a card,
   or a popular stretch's list: "pop-start") get their tab stop, role and name here, so
   that a busy chapter's thousand marks do not each carry them in the HTML. One walk over
   each highlighted paragraph's text. */
export function nameMarks() {
  segmentsOnPage().forEach(function (segment) {
    var element = segment.element;
    if (!element.querySelector("mark[data-starts], mark.pop-start")) return;
    var text = textOf(segment);
    var named = new Set();
    textNodes(element).forEach(function (entry) {
      var mark = entry.node.parentNode.closest("mark");
      if (!mark || named.has(mark) || !element.contains(mark)) return;
      named.add(mark);
      var rest = text.slice(entry.from);
      var starting = startingAt(mark);
      if (starting.length) asButton(mark, markLabel(starting, rest));
      else if (mark.classList.contains("pop-start")) {
        var stretch = stretchAt(segment.start + entry.from);
        if (stretch) asButton(mark, popularLabel(stretch, rest, stretch.end - segment.start - entry.from));
      }
    });
  });
}

function popularMark(stretch) {
  var mark = document.createElement("mark");
  mark.className = "pop pop-" + stretch.level;
  return mark;
}

function markFor(covering, position, rest, stretch) {
  var layered = covering.slice().sort(innermostFirst);
  var top = layered[0];
  var mark = document.createElement("mark");
  var classes = ["hl", "hl-" + colorOf(top)];
  if (covering.some(function (a) { return a.mine; })) classes.push("hl-mine");
  if (covering.length > 1) {
    // The underline takes the colour of a highlight underneath, so that one still shows.
    var under = layered.slice(1).filter(function (a) { return colorOf(a) !== colorOf(top); })[0] || layered[1];
    classes.push("hl-stack", "hl-under-" + colorOf(under));
  }
  if (covering.some(function (a) { return a.pending; })) classes.push("hl-pending");
  if (allHidden(covering)) classes.push("hl-hidden");
  // Placed on edited words by a new version: its author should check it (review.js).
  if (covering.some(isMoved)) classes.push("hl-moved");
  var starting = covering.filter(function (a) {
    return a.start === position;
  });
  if (stretch) classes.push("pop", "pop-" + stretch.level);
  if (starting.some(isMoved)) classes.push("hl-moved-start");
  mark.className = classes.join(" ");
  if (starting.length) openHighlights(mark, starting, rest);
  return mark;
}

// Redraw one segment's marks from the model.
function drawSegment(segment) {
  var element = segment.element;
  var focused = document.activeElement;
  var focusedStart = focused && element.contains(focused) && focused.getAttribute("data-starts");
  var focusedStretch = focused && element.contains(focused) && focused.classList.contains("pop-start");
  var old = element.querySelectorAll("mark.hl, mark.pop");
  for (var i = 0; i < old.length; i++) {
    var mark = old[i];
    while (mark.firstChild) mark.parentNode.insertBefore(mark.firstChild, mark);
    mark.parentNode.removeChild(mark);
  }
  if (old.length) element.normalize();
  var base = segment.start;
  var text = textOf(segment);
  var length = text.length;
  var covering = allAnnotations()
    .filter(function (a) {
      return a.start < base + length && a.end > base;
    })
    .sort(byPosition);
  var shaded = stretches.filter(function (s) {
    return s.start < base + length && s.end > base;
  });
  if (!covering.length && !shaded.length) return;
  var cuts = [];
  covering.concat(shaded).forEach(function (a) {
    cuts.push(Math.min(length, Math.max(0, a.start - base)), Math.min(length, Math.max(0, a.end - base)));
  });
  // A stretch takes focus at its first run on the page that no highlight begins at.
  var opened = new Set();
  shaded.forEach(function (s) {
    if (s.start < base) opened.add(s);
  });
  textNodes(element).forEach(function (entry) {
    var node = entry.node;
    var from = entry.from;
    var to = from + node.data.length;
    if (from === to) return;
    var points = [from];
    cuts
      .filter(function (cut) { return cut > from && cut < to; })
      .sort(function (a, b) { return a - b; })
      .forEach(function (cut) {
        if (cut !== points[points.length - 1]) points.push(cut);
      });
    points.push(to);
    for (var k = 0; k < points.length - 1; k++) {
      var left = points[k];
      var right = points[k + 1];
      var piece = node;
      if (right < to) node = node.splitText(right - left);
      var over = covering.filter(function (a) {
        return a.start - base <= left && a.end - base >= right;
      });
      var stretch = stretchAt(base + left);
      if (!over.length && !stretch) continue;
      var wrapper = over.length ? markFor(over, base + left, text.slice(left), stretch) : popularMark(stretch);
      if (stretch && !opened.has(stretch) && !wrapper.hasAttribute("data-starts")) {
        opened.add(stretch);
        // A stretch of spaces and marks only has no words to name it: shaded, not focused.
        var reach = stretch.end - base - left;
        if (quoteForLabel(text.slice(left, left + reach))) openPopular(wrapper, stretch, text.slice(left), reach);
      }
      piece.parentNode.insertBefore(wrapper, piece);
      wrapper.appendChild(piece);
    }
  });
  if (focusedStretch && !element.contains(document.activeElement)) {
    var stretchStart = element.querySelector("mark.pop-start");
    if (stretchStart) stretchStart.focus({ preventScroll: true });
  }
  if (focusedStart && !element.contains(document.activeElement)) {
    var again = element.querySelector('mark[data-starts~="' + focusedStart.split(" ")[0] + '"]');
    if (again) again.focus({ preventScroll: true });
  }
}

function isMoved(annotation) {
  return annotation.anchor === "fuzzy";
}

// A run is drawn faded when a moderator hid every annotation on it: one still shown
// to the circle keeps it looking like any other highlight.
function allHidden(covering) {
  return covering.length > 0 && covering.every(function (a) { return a.hidden; });
}

export function redraw(start, end) {
  segmentsOverlapping(start, end).forEach(function (segment) {
    drawSegment(segment);
    updateCount(segment);
  });
}

// The annotations on a segment's paragraph, in the server's order.
export function overlapping(segment) {
  var start = segment.start;
  var end = endOf(segment);
  return allAnnotations()
    .filter(function (a) {
      return a.start < end && a.end > start;
    })
    .sort(byPosition);
}

// The margin count: how many annotations the reader can see on the paragraph.
function updateCount(segment) {
  var count = overlapping(segment).length;
  var button = segment.block.querySelector("button.margin-count");
  if (!count) {
    if (button) {
      if (button === document.activeElement) focusBlock(segment.block);
      button.parentNode.removeChild(button);
    }
    return;
  }
  if (!button) {
    button = document.createElement("button");
    button.type = "button";
    button.className = "margin-count";
    button.setAttribute("data-ordinal", segment.block.getAttribute("data-ordinal"));
    button.setAttribute("aria-expanded", "false");
    var pilcrow = segment.block.querySelector("a.pilcrow");
    if (pilcrow) pilcrow.parentNode.insertBefore(button, pilcrow.nextSibling);
    else segment.element.parentNode.insertBefore(button, segment.element);
  }
  button.textContent = String(count);
  button.setAttribute("aria-label", count + (count === 1 ? " annotation" : " annotations") + " on this paragraph");
}

export function focusBlock(block) {
  var target = block.querySelector("button.margin-count") || block.querySelector("a.pilcrow");
  if (target) target.focus({ preventScroll: true });
}

// Its mark's name counts its comments: say it again when a reply comes or goes.
export function relabel(annotation) {
  var mark = markOf(annotation);
  if (!mark) return;
  var starting = startingAt(mark);
  var segment = segmentsOverlapping(annotation.start, annotation.start + 1)[0];
  if (!segment || !starting.length) return;
  mark.setAttribute("aria-label", markLabel(starting, textOf(segment).slice(annotation.start - segment.start)));
}

export function focusAnnotation(annotation) {
  var mark = markOf(annotation);
  if (mark) mark.focus();
}

/* ---------- Changes to the store, drawn at once ---------- */

export function addAnnotation(annotation) {
  storeAnnotation(annotation);
  redraw(annotation.start, annotation.end);
}

export function removeAnnotation(annotation) {
  forgetAnnotation(annotation);
  redraw(annotation.start, annotation.end);
}

// A temporary annotation becomes the server's record (see settleRecord), keeping focus.
export function settle(annotation, record) {
  var oldStart = annotation.start;
  var oldEnd = annotation.end;
  var focused = document.activeElement;
  var hadFocus = Boolean(focused && focused.matches && focused.matches('mark[data-starts~="' + annotation.id + '"]'));
  settleRecord(annotation, record);
  redraw(Math.min(oldStart, record.start), Math.max(oldEnd, record.end));
  if (hadFocus) focusAnnotation(annotation);
}

/* Mark a search's words on a reading page (reached from /search/ with ?hl=).

   The server finds the words (stemmed as the search found them) and sends their
   [start, end) offsets in the document text as JSON in #search-marks. Each block's text
   is in a .t element whose data-start is its offset in that text. The marks are drawn
   with the CSS Custom Highlight API ("search-terms", styled by ::highlight()), which
   changes no element: the annotation highlights, their marks and the offsets the
   annotation scripts read from the text nodes stay as they are. A browser without it
   gets <mark class="search-term"> around each match that lies within one text node. */

function spansFromPage() {
  var data = document.getElementById("search-marks");
  if (!data) return [];
  try {
    return JSON.parse(data.textContent).spans || [];
  } catch (error) {
    return [];
  }
}

// Each text node inside .t elements, with its offset in the document text.
function textNodes() {
  var nodes = [];
  document.querySelectorAll(".t[data-start]").forEach(function (element) {
    var offset = parseInt(element.getAttribute("data-start"), 10);
    if (!isFinite(offset)) return;
    var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      nodes.push({ node: node, start: offset, end: offset + node.data.length });
      offset += node.data.length;
    }
  });
  return nodes;
}

// The ranges covering [start, end): one a text node it touches.
function rangesFor(nodes, start, end) {
  var ranges = [];
  nodes.forEach(function (entry) {
    if (entry.end <= start || entry.start >= end) return;
    var range = document.createRange();
    range.setStart(entry.node, Math.max(start, entry.start) - entry.start);
    range.setEnd(entry.node, Math.min(end, entry.end) - entry.start);
    ranges.push(range);
  });
  return ranges;
}

function markSearchTerms() {
  var spans = spansFromPage();
  if (!spans.length) return;
  var nodes = textNodes();
  var ranges = [];
  spans.forEach(function (span) {
    ranges.push.apply(ranges, rangesFor(nodes, span[0], span[1]));
  });
  if (window.CSS && CSS.highlights && window.Highlight) {
    CSS.highlights.set("search-terms", new Highlight(...ranges));
    return;
  }
  // Last first, so that wrapping one does not move the others.
  ranges.reverse().forEach(function (range) {
    var mark = document.createElement("mark");
    mark.className = "search-term";
    range.surroundContents(mark);
  });
}

markSearchTerms();

/* Annotating in the reading views.

   Select text (mouse, touch, or Shift+arrows) and a small toolbar offers a highlight in
   one of five colours, a comment or tags. Click, or Tab to and press Enter on, a highlight
   to open its card: quote, comment, tags, author, time, replies; its author edits or
   deletes it there. The margin count beside a paragraph lists the annotations on it.

   Contract with the server (reader/presenters.py, reader/views/reading.py):
   - #annotation-data (JSON): the document's slug, the reader, the API's paths, the
     colours, the layer shown, and the annotations drawn on this page.
   - Each block (id="p-<ordinal>", data-ordinal) has its text in one .t element whose
     data-start is the text's offset in the document text, where paragraphs are joined by
     "\n\n". Inside .t there is only the text, wrapped in inline elements at most.
   - page.circles: the reader's circles [{slug, name, role?}], to share with; each
     annotation's circle (a slug, or null) and hidden (hidden by a moderator: only its
     author and the circle's owners and moderators are sent it).
   Highlights are redrawn here from the same model, with the same rules as the server's
   (_mark_open), so that the page looks the same before and after a reload.

   Reading circles: an annotation is private, shared with one of its author's circles, or
   public; the card's form moves it between them. On a circle annotation, the circle's
   members mark agree, disagree or question (one of each, toggled), and its owners and
   moderators hide or unhide it. Their role comes from page.circles when the server sends
   it, otherwise from GET /api/circles/ (once, and only when a card needs it).

   Keys, while text is selected: h (or 1 to 5) highlights, c comments, t tags, a moves to
   the toolbar, Escape closes. Shift+arrows start a selection from a caret, or from the
   focused ¶ link or highlight. On a highlight: Enter or Space opens its card.

   No inline scripts or styles are needed: elements are built with the DOM, positions set
   through element.style (which a Content-Security-Policy without 'unsafe-inline' allows).
   API strings go in as text; only comment_html and body_html, sanitised by the server,
   go in as HTML. */
(function () {
  "use strict";

  var dataElement = document.getElementById("annotation-data");
  var article = document.querySelector("article.text");
  if (!dataElement || !article || !window.fetch || !window.Map || !document.createTreeWalker) {
    return;
  }
  var page;
  try {
    page = JSON.parse(dataElement.textContent);
  } catch (error) {
    return;
  }
  if (!page || typeof page !== "object") return;

  var COLORS = ["yellow", "green", "blue", "pink", "purple"];
  if (Array.isArray(page.colors) && page.colors.length) COLORS = page.colors.slice(0, 5);
  var api = page.api || {};
  var ANNOTATIONS_URL = api.annotations || "/api/annotations/";
  var REPLIES_URL = api.replies || "/api/replies/";
  var TAGS_URL = api.tags || "/api/tags/";
  var user = page.user || null;
  var UNDO_MS = 8000;
  // A paragraph block (the margin count carries data-ordinal too).
  var BLOCK = ".block[data-ordinal]";
  var KEY_HELP = "Keys: h or 1–5 highlight · c comment · t tag · a toolbar · Esc close";
  var CIRCLES = Array.isArray(page.circles) ? page.circles : [];
  var circleBySlug = new Map();
  CIRCLES.forEach(function (circle) {
    circleBySlug.set(circle.slug, circle);
  });
  var CIRCLES_URL = api.circles || "/api/circles/";
  var REACTIONS = [
    ["agree", "Agree"],
    ["disagree", "Disagree"],
    ["question", "Question"],
  ];
  var MANAGER_ROLES = ["owner", "moderator"];

  // The page's annotations, kept in step with what is drawn (page.annotations is the same array).
  var annotations = Array.isArray(page.annotations) ? page.annotations : [];
  page.annotations = annotations;
  var byId = new Map();
  annotations.forEach(function (annotation) {
    byId.set(String(annotation.id), annotation);
  });
  // Full API records (exact, comment_html, created…), fetched when a card first needs them.
  var details = new Map();
  var temporaryCount = 0;

  /* ---------- Text segments: the .t elements and their offsets ---------- */

  var segments = []; // in DOM order (notes are gathered at the end of a section page)
  var segmentOfElement = new Map();
  var segmentOfBlock = new Map();
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
    segmentOfBlock.set(block, segment);
  });
  var ordered = segments.slice().sort(function (a, b) {
    return a.start - b.start;
  });

  function textOf(segment) {
    if (segment.text === null) segment.text = segment.element.textContent;
    return segment.text;
  }

  function endOf(segment) {
    return segment.start + textOf(segment).length;
  }

  function segmentsOverlapping(start, end) {
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
  function textNodes(element) {
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

  function segmentAt(offset, isEnd) {
    for (var i = 0; i < ordered.length; i++) {
      var segment = ordered[i];
      if (isEnd ? segment.start < offset && offset <= endOf(segment) : segment.start <= offset && offset < endOf(segment)) {
        return segment;
      }
    }
    return null;
  }

  /* A selection as {start, end, exact}, {refused: message}, or null for nothing to do.
     Headings at either end are left out; note markers and whitespace are trimmed off. */
  function targetFromRange(range) {
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

  /* ---------- Drawing highlights ---------- */

  function order(annotation) {
    return typeof annotation.id === "number" ? annotation.id : 1e15 + annotation.sequence;
  }

  // The server's order: by start, longest first, then oldest.
  function byPosition(a, b) {
    return a.start - b.start || b.end - a.end || order(a) - order(b);
  }

  // The innermost (latest start, shortest) first: the one whose colour a run shows.
  function innermostFirst(a, b) {
    return byPosition(b, a);
  }

  function colorOf(annotation) {
    return COLORS.indexOf(annotation.color) >= 0 ? annotation.color : COLORS[0];
  }

  function markFor(covering, position) {
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
    mark.className = classes.join(" ");
    mark.setAttribute("data-ids", covering.map(function (a) { return a.id; }).join(" "));
    var starting = covering.filter(function (a) {
      return a.start === position;
    });
    if (starting.length) {
      // Where an annotation begins, its mark takes keyboard focus and opens its card.
      mark.setAttribute("data-starts", starting.map(function (a) { return a.id; }).join(" "));
      mark.tabIndex = 0;
      mark.setAttribute("role", "button");
      mark.setAttribute(
        "aria-label",
        starting.length === 1 ? "Highlight by " + (starting[0].author || "you") : starting.length + " highlights"
      );
    }
    return mark;
  }

  // Redraw one segment's marks from the model. Text nodes are split and wrapped, never changed.
  function drawSegment(segment) {
    var element = segment.element;
    var focused = document.activeElement;
    var focusedStart = focused && element.contains(focused) && focused.getAttribute("data-starts");
    var old = element.querySelectorAll("mark.hl");
    for (var i = 0; i < old.length; i++) {
      var mark = old[i];
      while (mark.firstChild) mark.parentNode.insertBefore(mark.firstChild, mark);
      mark.parentNode.removeChild(mark);
    }
    if (old.length) element.normalize();
    var base = segment.start;
    var length = textOf(segment).length;
    var covering = annotations
      .filter(function (a) {
        return a.start < base + length && a.end > base;
      })
      .sort(byPosition);
    if (!covering.length) return;
    var cuts = [];
    covering.forEach(function (a) {
      cuts.push(Math.min(length, Math.max(0, a.start - base)), Math.min(length, Math.max(0, a.end - base)));
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
        if (!over.length) continue;
        var wrapper = markFor(over, base + left);
        piece.parentNode.insertBefore(wrapper, piece);
        wrapper.appendChild(piece);
      }
    });
    if (focusedStart && !element.contains(document.activeElement)) {
      var again = element.querySelector('mark[data-starts~="' + focusedStart.split(" ")[0] + '"]');
      if (again) again.focus({ preventScroll: true });
    }
  }

  // A run is drawn faded when a moderator hid every annotation on it: one still shown
  // to the circle keeps it looking like any other highlight.
  function allHidden(covering) {
    return covering.length > 0 && covering.every(function (a) { return a.hidden; });
  }

  // The server draws marks without hl-hidden: fade those of hidden annotations here.
  if (annotations.some(function (a) { return a.hidden; })) {
    Array.prototype.forEach.call(article.querySelectorAll("mark.hl[data-ids]"), function (mark) {
      var covering = mark.getAttribute("data-ids").split(/\s+/).map(function (id) {
        return byId.get(id);
      });
      if (covering.every(Boolean) && allHidden(covering)) mark.classList.add("hl-hidden");
    });
  }

  function redraw(start, end) {
    segmentsOverlapping(start, end).forEach(function (segment) {
      drawSegment(segment);
      updateCount(segment);
    });
  }

  function overlapping(segment) {
    var start = segment.start;
    var end = endOf(segment);
    return annotations
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

  function focusBlock(block) {
    var target = block.querySelector("button.margin-count") || block.querySelector("a.pilcrow");
    if (target) target.focus({ preventScroll: true });
  }

  function addAnnotation(annotation) {
    annotations.push(annotation);
    byId.set(String(annotation.id), annotation);
    redraw(annotation.start, annotation.end);
  }

  function removeAnnotation(annotation) {
    var index = annotations.indexOf(annotation);
    if (index >= 0) annotations.splice(index, 1);
    byId.delete(String(annotation.id));
    details.delete(String(annotation.id));
    redraw(annotation.start, annotation.end);
  }

  // Replace a temporary annotation with the server's record: its id, and the stored
  // offsets (the server trims whitespace at the ends).
  function settle(annotation, record) {
    var oldStart = annotation.start;
    var oldEnd = annotation.end;
    var focused = document.activeElement;
    var hadFocus = Boolean(focused && focused.matches && focused.matches('mark[data-starts~="' + annotation.id + '"]'));
    byId.delete(String(annotation.id));
    annotation.id = record.id;
    annotation.start = record.start;
    annotation.end = record.end;
    annotation.pending = false;
    annotation.saving = false;
    applyRecord(annotation, record);
    byId.set(String(annotation.id), annotation);
    redraw(Math.min(oldStart, record.start), Math.max(oldEnd, record.end));
    if (hadFocus) focusAnnotation(annotation);
  }

  function applyRecord(annotation, record) {
    annotation.color = record.color;
    annotation.visibility = record.visibility;
    annotation.circle = record.circle || null;
    annotation.hidden = Boolean(record.hidden);
    annotation.tags = record.tags || [];
    annotation.has_comment = Boolean(record.comment);
    details.set(String(annotation.id), record);
  }

  /* ---------- Talking to the API ---------- */

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) return decodeURIComponent(match[1]);
    // Without the cookie (CSRF_USE_SESSIONS), any form's token will do.
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  // Resolves (never rejects) to {ok, status, data}; status 0 when the server was not reached.
  function request(method, url, body) {
    var headers = { Accept: "application/json" };
    if (method !== "GET") headers["X-CSRFToken"] = csrfToken();
    var options = { method: method, headers: headers, credentials: "same-origin" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      options.body = JSON.stringify(body);
    }
    return fetch(url, options).then(
      function (response) {
        if (response.status === 204) return { ok: response.ok, status: 204, data: null };
        return response.json().then(
          function (data) {
            return { ok: response.ok, status: response.status, data: data };
          },
          function () {
            return { ok: response.ok, status: response.status, data: null };
          }
        );
      },
      function () {
        return { ok: false, status: 0, data: null };
      }
    );
  }

  // {field: message} from a DRF error body ({"<field>": ["message"]} or {"detail": "…"}).
  function fieldErrors(data) {
    var found = {};
    if (!data || typeof data !== "object") return found;
    Object.keys(data).forEach(function (field) {
      var value = data[field];
      if (Array.isArray(value)) value = value.join(" ");
      if (typeof value === "string") found[field] = value;
    });
    return found;
  }

  function errorMessage(result) {
    if (result.status === 0) return "Couldn’t reach the server. Check the connection and try again.";
    if (result.status === 404) return "That annotation is no longer there.";
    var errors = fieldErrors(result.data);
    var messages = Object.keys(errors).map(function (field) {
      return errors[field];
    });
    if (messages.length) return messages.join(" ");
    if (result.status === 403) return "Sign in again to do that.";
    return "Something went wrong (" + result.status + "). Try again.";
  }

  function loadDetails(annotation) {
    var key = String(annotation.id);
    if (details.has(key)) return Promise.resolve({ ok: true, data: details.get(key) });
    return request("GET", ANNOTATIONS_URL + annotation.id + "/").then(function (result) {
      if (result.ok && result.data) details.set(key, result.data);
      return result;
    });
  }

  /* ---------- Small DOM helpers ---------- */

  // el("p", {className: "x", text: "y", "aria-label": "z"}, [children]): text only, never HTML.
  function el(tag, attributes, children) {
    var element = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      var value = attributes[name];
      if (value === null || value === undefined || value === false) return;
      if (name === "className") element.className = value;
      else if (name === "text") element.textContent = value;
      else if (name === "hidden") element.hidden = Boolean(value);
      else element.setAttribute(name, value === true ? "" : String(value));
    });
    (children || []).forEach(function (child) {
      if (child === null || child === undefined || child === false) return;
      element.appendChild(typeof child === "string" ? document.createTextNode(child) : child);
    });
    return element;
  }

  function isTyping(target) {
    if (!target || !target.tagName) return false;
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }

  var relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat("en", { numeric: "auto" }) : null;
  var UNITS = [
    ["year", 31536000],
    ["month", 2592000],
    ["week", 604800],
    ["day", 86400],
    ["hour", 3600],
    ["minute", 60],
  ];

  function timeAgo(date) {
    var seconds = (date.getTime() - Date.now()) / 1000;
    if (Math.abs(seconds) < 45) return "just now";
    if (!relative) return date.toLocaleString();
    for (var i = 0; i < UNITS.length; i++) {
      if (Math.abs(seconds) >= UNITS[i][1] || UNITS[i][0] === "minute") {
        return relative.format(Math.round(seconds / UNITS[i][1]), UNITS[i][0]);
      }
    }
    return date.toLocaleString();
  }

  function timeElement(iso) {
    var date = new Date(iso);
    if (!iso || isNaN(date.getTime())) return null;
    return el("time", { datetime: iso, title: date.toLocaleString(), text: timeAgo(date) });
  }

  function capitalised(word) {
    return word ? word.charAt(0).toUpperCase() + word.slice(1) : word;
  }

  // A short quote of an annotation from the page's own text, clipped at the page's edges.
  function pageQuote(annotation, limit) {
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

  /* ---------- Live regions: announcements and the toast ---------- */

  var announcer = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite" });
  var toastRegion = el("div", { className: "annotation-toast-region", role: "status", "aria-live": "polite" });
  document.body.appendChild(announcer);
  document.body.appendChild(toastRegion);
  var toastTimer = null;

  function announce(text) {
    announcer.textContent = "";
    // A change the screen reader notices even when the same words come twice.
    window.setTimeout(function () {
      announcer.textContent = text;
    }, 50);
  }

  // A message at the bottom of the screen, with an optional action (Undo) while it shows.
  function toast(text, action) {
    clearToast();
    var box = el("div", { className: "annotation-toast" }, [el("span", { text: text })]);
    var button = null;
    if (action) {
      button = el("button", { type: "button", className: "toast-action", text: action.label });
      button.addEventListener("click", function () {
        clearToast();
        action.run();
      });
      box.appendChild(button);
    }
    toastRegion.appendChild(box);
    toastTimer = window.setTimeout(function () {
      var block = action && action.block;
      var hadFocus = toastRegion.contains(document.activeElement);
      clearToast();
      if (hadFocus && block) focusBlock(block);
    }, action ? UNDO_MS : 4000);
    return button;
  }

  function clearToast() {
    window.clearTimeout(toastTimer);
    toastTimer = null;
    toastRegion.textContent = "";
  }

  /* ---------- The selection toolbar ---------- */

  var toolbar = el("div", {
    id: "annotation-toolbar",
    className: "annotation-toolbar",
    role: "toolbar",
    "aria-label": "Annotate the selection",
    "aria-describedby": "annotation-toolbar-help",
    hidden: true,
  });
  var toolbarButtons = el("div", { className: "toolbar-buttons" });
  COLORS.forEach(function (color, index) {
    toolbarButtons.appendChild(
      el("button", {
        type: "button",
        className: "toolbar-swatch",
        "data-color": color,
        "aria-label": "Highlight " + color,
        title: "Highlight " + color + " (" + (index === 0 ? "h or 1" : index + 1) + ")",
      })
    );
  });
  toolbarButtons.appendChild(el("button", { type: "button", className: "toolbar-text", "data-action": "comment", title: "Comment (c)", text: "Comment" }));
  toolbarButtons.appendChild(el("button", { type: "button", className: "toolbar-text", "data-action": "tag", title: "Tag (t)", text: "Tag" }));
  var toolbarHelp = el("p", { id: "annotation-toolbar-help", className: "toolbar-help", text: KEY_HELP });
  var toolbarMessage = el("p", { className: "toolbar-message", hidden: true });
  var signInLink = el("a", { className: "toolbar-signin", href: "/accounts/login/", text: "Sign in to highlight" });
  if (user) {
    toolbar.appendChild(toolbarButtons);
    toolbar.appendChild(toolbarHelp);
  } else {
    toolbar.setAttribute("aria-label", "Highlighting");
    toolbar.removeAttribute("aria-describedby");
    toolbar.appendChild(signInLink);
  }
  toolbar.appendChild(toolbarMessage);
  document.body.appendChild(toolbar);

  var selectionTarget = null; // {start, end, exact} of the selection the toolbar acts on
  var shownRange = null; // the selection the toolbar was shown for
  var dismissedRange = null; // the selection whose toolbar Escape closed
  var toolbarReturnFocus = null;
  var selectionTimer = null;
  var pointerIsDown = false;
  var lastInput = "pointer";
  var keyboardHintGiven = false;
  var phoneQuery = window.matchMedia("(max-width: 40rem), (pointer: coarse)");
  var sheetQuery = window.matchMedia("(max-width: 60rem)");

  function selectionRange() {
    var selection = window.getSelection();
    if (!selection || !selection.rangeCount || selection.isCollapsed) return null;
    var range = selection.getRangeAt(0);
    if (!range.intersectsNode(article)) return null;
    // Text selected in the card (to copy a comment, say) is not a passage to highlight.
    if (card.contains(range.startContainer) || card.contains(range.endContainer)) return null;
    return range;
  }

  function scheduleSelectionCheck(delay) {
    window.clearTimeout(selectionTimer);
    selectionTimer = window.setTimeout(checkSelection, delay);
  }

  function checkSelection() {
    selectionTimer = null;
    var range = selectionRange();
    if (!range) {
      // Focus moved into the toolbar (key a, or a tap) may collapse the selection: keep it.
      if (!toolbar.contains(document.activeElement)) hideToolbar();
      return;
    }
    if (sameRange(range, dismissedRange)) return;
    if (sameRange(range, shownRange) && !toolbar.hidden) return;
    shownRange = copyRange(range);
    var target = targetFromRange(range);
    if (!target) {
      hideToolbar();
      return;
    }
    if (target.refused) {
      showToolbar(range, target.refused);
      return;
    }
    selectionTarget = target;
    showToolbar(range, null);
  }

  function copyRange(range) {
    return { sc: range.startContainer, so: range.startOffset, ec: range.endContainer, eo: range.endOffset };
  }

  function sameRange(range, copy) {
    return Boolean(copy) && range.startContainer === copy.sc && range.startOffset === copy.so && range.endContainer === copy.ec && range.endOffset === copy.eo;
  }

  var messageTimer = null;

  function showToolbar(range, message) {
    window.clearTimeout(messageTimer);
    if (message) {
      // A message is brief: it goes by itself, and does not come back for this selection.
      messageTimer = window.setTimeout(function () {
        var current = selectionRange();
        dismissedRange = current ? copyRange(current) : null;
        hideToolbar();
      }, 3500);
    }
    toolbarMessage.hidden = !message;
    toolbarMessage.textContent = message || "";
    toolbarButtons.hidden = Boolean(message);
    signInLink.hidden = Boolean(message);
    if (!message && !user) {
      var next = window.location.pathname + window.location.search + window.location.hash;
      signInLink.href = "/accounts/login/?next=" + encodeURIComponent(next);
    }
    if (message) selectionTarget = null;
    toolbarHelp.hidden = Boolean(message) || lastInput !== "keyboard";
    toolbar.hidden = false;
    toolbar.classList.toggle("is-message", Boolean(message));
    positionToolbar(range);
    if (user && !message && lastInput === "keyboard" && !keyboardHintGiven) {
      keyboardHintGiven = true;
      announce("Text selected. Press h to highlight, c to comment, t to tag, or a for the toolbar.");
    }
  }

  function hideToolbar() {
    if (toolbar.hidden) return;
    var hadFocus = toolbar.contains(document.activeElement);
    toolbar.hidden = true;
    selectionTarget = null;
    shownRange = null;
    keyboardHintGiven = false;
    if (hadFocus) {
      if (toolbarReturnFocus && toolbarReturnFocus.isConnected) toolbarReturnFocus.focus({ preventScroll: true });
      else document.activeElement.blur();
    }
    toolbarReturnFocus = null;
  }

  // Above the selection's first line; below its last on phones, where the system's own
  // selection menu sits above. Always inside the viewport.
  function positionToolbar(range) {
    var rects = Array.prototype.filter.call(range.getClientRects(), function (rect) {
      return rect.width > 0 && rect.height > 0;
    });
    var box = range.getBoundingClientRect();
    var first = rects[0] || box;
    var last = rects[rects.length - 1] || box;
    var width = toolbar.offsetWidth;
    var height = toolbar.offsetHeight;
    var gap = 10;
    var viewportWidth = document.documentElement.clientWidth;
    var viewportHeight = window.innerHeight;
    var top;
    var anchor;
    var below = phoneQuery.matches || first.top - height - gap < 8;
    if (below) {
      anchor = last;
      top = last.bottom + gap;
      if (phoneQuery.matches) top += 14; // clear of the selection handles
      if (top + height > viewportHeight - 8) top = Math.max(8, first.top - height - gap);
    } else {
      anchor = first;
      top = first.top - height - gap;
    }
    top = Math.min(Math.max(8, top), viewportHeight - height - 8);
    var left = anchor.left + anchor.width / 2 - width / 2;
    left = Math.min(Math.max(8, left), viewportWidth - width - 8);
    toolbar.classList.toggle("is-below", below);
    toolbar.style.top = Math.round(top + window.scrollY) + "px";
    toolbar.style.left = Math.round(left + window.scrollX) + "px";
  }

  function clearSelection() {
    var selection = window.getSelection();
    if (selection) selection.removeAllRanges();
  }

  // Keep the selection (and focus) when the toolbar is pressed with a mouse.
  toolbar.addEventListener("mousedown", function (event) {
    if (!event.target.closest("a")) event.preventDefault();
  });

  toolbar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !selectionTarget) return;
    var keyboard = event.detail === 0;
    if (button.hasAttribute("data-color")) highlight(button.getAttribute("data-color"), keyboard);
    else if (button.getAttribute("data-action") === "comment") startDraft("comment");
    else if (button.getAttribute("data-action") === "tag") startDraft("tags");
  });

  // Arrow keys move between the toolbar's buttons (one tab stop per ARIA toolbar practice).
  toolbar.addEventListener("keydown", function (event) {
    if (event.key !== "ArrowRight" && event.key !== "ArrowLeft" && event.key !== "Home" && event.key !== "End") return;
    var buttons = Array.prototype.filter.call(toolbar.querySelectorAll("button, a"), function (item) {
      return !item.closest("[hidden]");
    });
    var index = buttons.indexOf(document.activeElement);
    if (index < 0) return;
    event.preventDefault();
    if (event.key === "Home") index = 0;
    else if (event.key === "End") index = buttons.length - 1;
    else index = (index + (event.key === "ArrowRight" ? 1 : -1) + buttons.length) % buttons.length;
    buttons[index].focus();
  });

  function focusToolbar() {
    toolbarReturnFocus = document.activeElement !== document.body ? document.activeElement : null;
    var first = toolbar.querySelector("button:not([hidden]), a:not([hidden])");
    if (first) first.focus();
  }

  /* ---------- Creating ---------- */

  function temporary(target, color) {
    temporaryCount += 1;
    return {
      id: "tmp-" + temporaryCount,
      sequence: temporaryCount,
      start: target.start,
      end: target.end,
      exact: target.exact,
      color: color,
      author: user,
      mine: true,
      visibility: "private",
      circle: null,
      hidden: false,
      tags: [],
      has_comment: false,
      reply_count: 0,
      saving: true,
    };
  }

  // One click: the highlight is drawn at once and saved behind it.
  function highlight(color, keyboard) {
    var target = selectionTarget;
    if (!target) return;
    var annotation = temporary(target, color);
    toolbarReturnFocus = null;
    hideToolbar();
    clearSelection();
    addAnnotation(annotation);
    if (keyboard) focusAnnotation(annotation);
    announce("Highlighted in " + color + ".");
    request("POST", ANNOTATIONS_URL, {
      document: page.document,
      start: target.start,
      end: target.end,
      exact: target.exact,
      color: color,
      visibility: "private",
    }).then(function (result) {
      if (!byId.has(String(annotation.id))) return;
      if (result.status === 201 && result.data) {
        settle(annotation, result.data);
        refreshCardFor(annotation);
        hiddenByLayer(annotation);
      } else {
        removeAnnotation(annotation);
        if (cardState && cardState.annotation === annotation) closeCard(false);
        toast("Not highlighted: " + errorMessage(result));
      }
    });
  }

  // Own highlights show after a reload in the "mine" layer (or all); say so when it is off.
  function hiddenByLayer(annotation) {
    var layers = String(page.layer || "all").split(",");
    var shown =
      layers.indexOf("all") >= 0 ||
      layers.indexOf("mine") >= 0 ||
      (annotation.visibility === "public" && layers.indexOf("public") >= 0) ||
      (annotation.visibility === "circle" && layers.indexOf("circle:" + annotation.circle) >= 0);
    if (!shown || (page.member && page.member !== user)) {
      toast("Saved. The layers shown leave it out: show Mine to see it after a reload.");
    }
  }

  function focusAnnotation(annotation) {
    var mark = article.querySelector('mark[data-starts~="' + annotation.id + '"]');
    if (mark) mark.focus();
  }

  // Comment or Tag from the toolbar: a pending highlight and the card's form for it.
  function startDraft(field) {
    var target = selectionTarget;
    if (!target) return;
    var annotation = temporary(target, COLORS[0]);
    annotation.pending = true;
    annotation.saving = false;
    toolbarReturnFocus = null;
    hideToolbar();
    clearSelection();
    addAnnotation(annotation);
    var opener = article.querySelector('mark[data-starts~="' + annotation.id + '"]');
    openCard({ mode: "edit", annotation: annotation, items: [annotation], index: 0, isNew: true, opener: opener, focusField: field });
  }

  /* ---------- The card ---------- */

  var card = el("div", {
    id: "annotation-card",
    className: "annotation-card",
    role: "dialog",
    "aria-labelledby": "annotation-card-title",
    hidden: true,
  });
  var cardTitle = el("h2", { id: "annotation-card-title", className: "card-title", tabindex: "-1" });
  var cardClose = el("button", { type: "button", className: "card-close", "aria-label": "Close", title: "Close (Esc)", text: "×" });
  var cardBody = el("div", { className: "card-body" });
  card.appendChild(el("div", { className: "card-head" }, [cardTitle, cardClose]));
  card.appendChild(cardBody);
  var cardState = null;
  var renderCount = 0; // answers for a card that has since changed are dropped

  cardClose.addEventListener("click", function () {
    closeCard(true);
  });

  /* options: mode "view" | "list" | "edit"; annotation; items (annotations to page through);
     index; opener (the element to return focus to); block; keyboard; isNew; focusField. */
  function openCard(options) {
    if (cardState && cardState.mode === "edit" && cardState.annotation !== options.annotation) {
      // Typing is not thrown away by a click elsewhere: the form asks to be finished first.
      if (formChanged()) {
        var status = card.querySelector(".card-form .card-status");
        if (status) status.textContent = "Save or cancel this highlight first.";
        return;
      }
      if (cardState.isNew) discardDraft();
    }
    // The card takes over from the toolbar (a click on a button leaves the selection as it was).
    var range = selectionRange();
    if (range) dismissedRange = copyRange(range);
    hideToolbar();
    var previousCount = cardState && cardState.countButton;
    if (previousCount && previousCount !== options.countButton) previousCount.setAttribute("aria-expanded", "false");
    cardState = options;
    if (options.countButton) options.countButton.setAttribute("aria-expanded", "true");
    var block = options.block || (options.opener && options.opener.closest(BLOCK));
    if (!block && options.annotation) {
      var segment = segmentAt(options.annotation.start, false) || ordered[0];
      block = segment && segment.block;
    }
    cardState.block = block;
    // In the text, after the anchor's paragraph, so that Tab goes on from the card to the
    // text that follows it; positioned in the margin (or as a sheet on phones).
    var top = block;
    while (top && top.parentNode !== article) top = top.parentNode;
    if (top) article.insertBefore(card, top.nextSibling);
    else article.appendChild(card);
    card.hidden = false;
    renderCard();
    if (options.mode !== "edit" && options.keyboard) cardTitle.focus();
  }

  function renderCard() {
    renderCount += 1;
    cardBody.textContent = "";
    card.classList.remove("is-editing");
    if (!cardState) return;
    if (cardState.mode === "list") renderList();
    else if (cardState.mode === "edit") renderEdit();
    else renderView();
    positionCard();
  }

  function refreshCardFor(annotation) {
    if (cardState && cardState.mode === "view" && cardState.items[cardState.index] === annotation) {
      cardState.annotation = annotation;
      renderCard();
    }
  }

  function closeCard(restoreFocus) {
    if (!cardState) return;
    var state = cardState;
    if (state.mode === "edit" && state.isNew) discardDraft();
    var hadFocus = card.contains(document.activeElement);
    cardState = null;
    renderCount += 1;
    card.hidden = true;
    cardBody.textContent = "";
    if (state.countButton) state.countButton.setAttribute("aria-expanded", "false");
    if (restoreFocus || hadFocus) returnFocus(state);
  }

  // Back to the mark or button the card was opened from; after a redraw, to its successor.
  function returnFocus(state) {
    var target = state.opener;
    if (!target || !target.isConnected) {
      target = null;
      var annotation = state.annotation || (state.items && state.items[state.index]);
      if (annotation && byId.has(String(annotation.id))) {
        target = article.querySelector('mark[data-starts~="' + annotation.id + '"]');
      }
    }
    if (target && target.isConnected) target.focus({ preventScroll: true });
    else if (state.block) focusBlock(state.block);
  }

  function discardDraft() {
    var state = cardState;
    // A draft being saved stays: its answer settles it.
    if (state && state.annotation && state.annotation.pending && !state.annotation.saving) {
      removeAnnotation(state.annotation);
    }
  }

  // In the right margin beside the anchor on wide screens; CSS makes it a bottom sheet on phones.
  function positionCard() {
    if (!cardState || card.hidden) return;
    if (sheetQuery.matches) {
      card.style.top = "";
      card.style.left = "";
      card.style.width = "";
      keepAnchorAboveSheet();
      return;
    }
    var anchor = cardState.opener && cardState.opener.isConnected ? cardState.opener : cardState.block;
    if (!anchor) return;
    var anchorBox = anchor.getBoundingClientRect();
    var articleBox = article.getBoundingClientRect();
    var viewportWidth = document.documentElement.clientWidth;
    var width = Math.max(260, Math.min(360, viewportWidth - articleBox.right - 40));
    var left = Math.min(articleBox.right + 24, viewportWidth - width - 16);
    card.style.width = width + "px";
    card.style.left = Math.round(left + window.scrollX) + "px";
    // Level with the anchor, moved up as far as it takes to show the whole card.
    var top = Math.min(anchorBox.top - 6, window.innerHeight - card.offsetHeight - 16);
    top = Math.max(top, Math.min(8, anchorBox.top));
    card.style.top = Math.round(top + window.scrollY) + "px";
  }

  function keepAnchorAboveSheet() {
    var anchor = cardState.opener && cardState.opener.isConnected ? cardState.opener : null;
    if (!anchor) return;
    var box = anchor.getBoundingClientRect();
    var sheetTop = window.innerHeight - card.offsetHeight;
    if (box.bottom > sheetTop - 12) window.scrollBy(0, box.bottom - sheetTop + 24);
    else if (box.top < 0) window.scrollBy(0, box.top - 24);
  }

  function setTitle(text) {
    cardTitle.textContent = text;
  }

  function annotationTitle(annotation) {
    if (annotation.pending) return "New highlight";
    return annotation.mine ? "Your highlight" : "Highlight by " + annotation.author;
  }

  /* The list behind a margin count: every annotation on the paragraph. */
  function renderList() {
    var items = cardState.items;
    setTitle(items.length + (items.length === 1 ? " annotation" : " annotations") + " on this paragraph");
    var list = el("ul", { className: "card-list" });
    items.forEach(function (annotation, index) {
      var meta = [annotation.mine ? "You" : annotation.author];
      if (annotation.visibility === "public" && annotation.mine) meta.push("public");
      if (annotation.visibility === "circle") meta.push(circleName(annotation.circle));
      if (annotation.hidden) meta.push("hidden");
      if (annotation.has_comment) meta.push("comment");
      if (annotation.reply_count) meta.push(annotation.reply_count + (annotation.reply_count === 1 ? " reply" : " replies"));
      if (annotation.tags && annotation.tags.length) meta.push(annotation.tags.map(function (t) { return "#" + t; }).join(" "));
      var button = el("button", { type: "button", className: "card-list-item" }, [
        el("span", { className: "card-dot", "data-color": colorOf(annotation), "aria-hidden": "true" }),
        el("span", { className: "card-list-quote", text: "“" + pageQuote(annotation, 140) + "”" }),
        el("span", { className: "card-list-meta", text: meta.join(" · ") }),
      ]);
      button.addEventListener("click", function (event) {
        cardState.mode = "view";
        cardState.index = index;
        cardState.annotation = annotation;
        cardState.fromList = true;
        renderCard();
        if (event.detail === 0) cardTitle.focus();
      });
      list.appendChild(el("li", {}, [button]));
    });
    cardBody.appendChild(list);
  }

  function renderView() {
    var items = cardState.items;
    var annotation = items[cardState.index];
    cardState.annotation = annotation;
    var token = renderCount;
    setTitle(annotationTitle(annotation));
    if (cardState.fromList) {
      var back = el("button", { type: "button", className: "link-button card-back", text: "← All on this paragraph" });
      back.addEventListener("click", function (event) {
        cardState.mode = "list";
        cardState.fromList = false;
        renderCard();
        if (event.detail === 0) cardTitle.focus();
      });
      cardBody.appendChild(back);
    } else if (items.length > 1) {
      cardBody.appendChild(pager(items, cardState.index));
    }
    var hiddenNote = hiddenBadge();
    hiddenNote.hidden = !annotation.hidden;
    cardBody.appendChild(hiddenNote);
    var quote = el("blockquote", { className: "card-quote", "data-color": colorOf(annotation), text: pageQuote(annotation) });
    cardBody.appendChild(quote);
    var comment = el("div", { className: "card-comment" });
    cardBody.appendChild(comment);
    var tags = tagList(annotation.tags || []);
    if (tags) cardBody.appendChild(tags);
    var metaTime = el("span", { className: "card-time", hidden: true });
    var meta = el("p", { className: "card-meta" }, [
      el("span", { className: "card-dot", "data-color": colorOf(annotation), "aria-hidden": "true" }),
      el("span", { className: "card-color", text: capitalised(colorOf(annotation)) }),
      el("span", { className: "card-author", text: annotation.mine ? "you" : annotation.author }),
      metaTime,
    ]);
    meta.appendChild(el("span", { className: "visibility visibility-" + annotation.visibility, text: visibilityLabel(annotation) }));
    cardBody.appendChild(meta);
    // Agree, disagree, question: filled in once the counts have come.
    var reactions = el("div", { className: "card-reactions-slot" });
    cardBody.appendChild(reactions);
    // The author's Edit and Delete; a moderator's Hide or Unhide joins them once known.
    var actions = el("div", { className: "card-actions", hidden: true });
    if (annotation.mine && !annotation.saving && !annotation.pending) {
      var edit = el("button", { type: "button", className: "secondary", text: "Edit" });
      var remove = el("button", { type: "button", className: "secondary danger", text: "Delete" });
      edit.disabled = true;
      remove.disabled = true;
      edit.addEventListener("click", function () {
        cardState.mode = "edit";
        cardState.isNew = false;
        renderCard();
      });
      remove.addEventListener("click", function (event) {
        askOrDelete(annotation, event.detail === 0);
      });
      actions.appendChild(edit);
      actions.appendChild(remove);
      actions.hidden = false;
    }
    cardBody.appendChild(actions);
    var status = el("p", { className: "card-status", role: "alert" });
    cardBody.appendChild(status);
    if (annotation.saving) {
      status.textContent = "Saving…";
      return;
    }
    var replies = el("section", { className: "card-replies", "aria-labelledby": "card-replies-title" });
    cardBody.appendChild(replies);
    loadDetails(annotation).then(function (result) {
      if (token !== renderCount) return;
      if (!result.ok) {
        status.textContent = errorMessage(result);
        return;
      }
      var record = result.data;
      quote.textContent = record.exact;
      // Rendered from Markdown and sanitised by the server (bleach): safe to insert as HTML.
      if (record.comment_html) comment.innerHTML = record.comment_html;
      hiddenNote.hidden = !record.hidden;
      var time = timeElement(record.created);
      if (time) {
        metaTime.appendChild(time);
        metaTime.hidden = false;
      }
      Array.prototype.forEach.call(actions.querySelectorAll("button"), function (button) {
        button.disabled = false;
      });
      showReactionsFor(annotation, record, reactions, status);
      if (record.visibility === "circle" && record.circle) {
        circleRole(record.circle).then(function (role) {
          if (token !== renderCount || MANAGER_ROLES.indexOf(role) < 0) return;
          var moderation = moderationButton(annotation, record.hidden, status);
          actions.appendChild(moderation);
          actions.hidden = false;
          positionCard();
          if (cardState.focusModeration) moderation.focus();
          cardState.focusModeration = false;
        });
      }
      positionCard();
    });
    renderReplies(annotation, replies, token);
  }

  function visibilityLabel(annotation) {
    if (annotation.visibility === "public") return "Public";
    if (annotation.visibility === "private") return "Private";
    if (annotation.visibility === "circle") return "Shared with " + circleName(annotation.circle);
    return capitalised(String(annotation.visibility));
  }

  /* ---------- Circles: names, membership, the reader's role ---------- */

  // The circle's name when the reader is in it; its slug otherwise (an author who left).
  function circleName(slug) {
    var circle = circleBySlug.get(slug);
    return circle ? circle.name : slug || "a circle";
  }

  function isMember(slug) {
    return Boolean(slug) && circleBySlug.has(slug);
  }

  var rolesRequest = null; // GET /api/circles/, once: slug -> the reader's role

  // The reader's role in one of their circles ("owner", "moderator", "member"), or null.
  function circleRole(slug) {
    var circle = circleBySlug.get(slug);
    if (!circle) return Promise.resolve(null);
    if (circle.role) return Promise.resolve(circle.role);
    if (!rolesRequest) {
      rolesRequest = request("GET", CIRCLES_URL).then(function (result) {
        var roles = new Map();
        if (result.ok && result.data && Array.isArray(result.data.results)) {
          result.data.results.forEach(function (found) {
            roles.set(found.slug, found.role);
          });
        } else {
          rolesRequest = null; // asked again by the next card
        }
        return roles;
      });
    }
    return rolesRequest.then(function (roles) {
      return roles.get(slug) || null;
    });
  }

  /* ---------- Reactions: agree, disagree, question ---------- */

  // Toggle buttons for the circle's members; the counts alone for an author who has left it.
  function showReactionsFor(annotation, record, slot, status) {
    slot.textContent = "";
    if (record.visibility !== "circle" || !record.circle || !record.reactions) return;
    if (!isMember(record.circle)) {
      var counted = REACTIONS.filter(function (pair) {
        return record.reactions[pair[0]];
      }).map(function (pair) {
        return pair[1] + " " + record.reactions[pair[0]];
      });
      if (counted.length) slot.appendChild(el("p", { className: "card-help", text: counted.join(" · ") }));
      return;
    }
    var group = el("div", { className: "card-reactions", role: "group", "aria-label": "Reactions" });
    REACTIONS.forEach(function (pair) {
      var button = el("button", { type: "button", className: "reaction", "data-kind": pair[0], "aria-pressed": "false" }, [
        el("span", { className: "reaction-label", text: pair[1] }),
        " ",
        el("span", { className: "reaction-count", text: "0" }),
      ]);
      button.addEventListener("click", function () {
        toggleReaction(annotation, pair[0], group, status);
      });
      group.appendChild(button);
    });
    setReactions(group, record.reactions, record.my_reactions);
    slot.appendChild(group);
  }

  function setReactions(group, counts, mine) {
    counts = counts || {};
    mine = mine || [];
    Array.prototype.forEach.call(group.querySelectorAll("button.reaction"), function (button) {
      var kind = button.getAttribute("data-kind");
      button.setAttribute("aria-pressed", mine.indexOf(kind) >= 0 ? "true" : "false");
      button.querySelector(".reaction-count").textContent = String(counts[kind] || 0);
    });
  }

  // Shown at once, then as the server has it: its counts include the other members'.
  function toggleReaction(annotation, kind, group, status) {
    var button = group.querySelector('button[data-kind="' + kind + '"]');
    if (button.getAttribute("aria-busy") === "true") return;
    var record = details.get(String(annotation.id)) || {};
    var before = { reactions: record.reactions || {}, mine: (record.my_reactions || []).slice() };
    var adding = before.mine.indexOf(kind) < 0;
    var counts = {};
    REACTIONS.forEach(function (pair) {
      counts[pair[0]] = before.reactions[pair[0]] || 0;
    });
    counts[kind] = Math.max(0, counts[kind] + (adding ? 1 : -1));
    var mine = adding ? before.mine.concat([kind]) : before.mine.filter(function (k) { return k !== kind; });
    setReactions(group, counts, mine);
    button.setAttribute("aria-busy", "true");
    status.textContent = "";
    var label = REACTIONS.filter(function (pair) { return pair[0] === kind; })[0][1];
    request(adding ? "POST" : "DELETE", ANNOTATIONS_URL + annotation.id + "/reactions/", { kind: kind }).then(function (result) {
      button.removeAttribute("aria-busy");
      if (result.ok && result.data) {
        record.reactions = result.data.reactions;
        record.my_reactions = result.data.my_reactions;
        setReactions(group, record.reactions, record.my_reactions);
        announce(label + (adding ? " marked" : " taken back") + ": " + (record.reactions[kind] || 0) + ".");
        return;
      }
      setReactions(group, before.reactions, before.mine);
      if (!group.isConnected) {
        toast("Not saved: " + errorMessage(result));
      } else if (result.status === 403) {
        // No longer a member (removed, or left in another tab): nothing to react with.
        var hadFocus = group.contains(document.activeElement);
        group.parentNode.removeChild(group);
        status.textContent = "Only members of its circle can react to it.";
        if (hadFocus) cardTitle.focus();
        positionCard();
      } else {
        status.textContent = errorMessage(result);
      }
    });
  }

  /* ---------- Moderation: a circle's owners and moderators hide and unhide ---------- */

  function hiddenBadge() {
    return el("p", { className: "card-hidden" }, [
      el("strong", { className: "card-badge", text: "Hidden by a moderator" }),
      " ",
      el("span", { text: "Only its author and the circle’s owners and moderators see it." }),
    ]);
  }

  function moderationButton(annotation, hidden, status) {
    var button = el("button", {
      type: "button",
      className: "secondary card-moderate",
      text: hidden ? "Unhide" : "Hide from circle",
      title: hidden ? "Show it to the circle’s members again" : "Hide it from the circle’s members; its author still sees it",
    });
    button.addEventListener("click", function () {
      moderate(annotation, !hidden, button, status);
    });
    return button;
  }

  function moderate(annotation, hide, button, status) {
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    status.textContent = "";
    request("POST", ANNOTATIONS_URL + annotation.id + (hide ? "/hide/" : "/unhide/")).then(function (result) {
      button.removeAttribute("aria-busy");
      var hadFocus = button === document.activeElement;
      if (result.ok && result.data) {
        var wasHidden = annotation.hidden;
        applyRecord(annotation, result.data);
        if (wasHidden !== annotation.hidden) redraw(annotation.start, annotation.end);
        announce(hide ? "Hidden from the circle." : "Shown to the circle again.");
        if (button.isConnected && cardState && cardState.mode === "view" && cardState.annotation === annotation) {
          // Focus goes on to the button that undoes it (Unhide after Hide), once it is there.
          cardState.focusModeration = hadFocus;
          renderCard();
        }
        return;
      }
      if (!button.isConnected) {
        toast((hide ? "Not hidden: " : "Not shown again: ") + errorMessage(result));
      } else if (result.status === 403) {
        // The role changed since the page was loaded: this reader no longer moderates.
        var actions = button.parentNode;
        actions.removeChild(button);
        if (!actions.children.length) actions.hidden = true;
        status.textContent = "Only the circle’s owners and moderators can hide or unhide it.";
        if (hadFocus) cardTitle.focus();
        positionCard();
      } else {
        status.textContent = errorMessage(result);
      }
    });
  }

  function pager(items, index) {
    var previous = el("button", { type: "button", className: "secondary", "aria-label": "Previous highlight here", text: "‹" });
    var next = el("button", { type: "button", className: "secondary", "aria-label": "Next highlight here", text: "›" });
    var position = el("span", { className: "card-pager-position", text: index + 1 + " of " + items.length });
    function go(step) {
      return function () {
        cardState.index = (cardState.index + step + items.length) % items.length;
        renderCard();
        var again = cardBody.querySelector(".card-pager button:" + (step < 0 ? "first-child" : "last-child"));
        if (again) again.focus();
      };
    }
    previous.addEventListener("click", go(-1));
    next.addEventListener("click", go(1));
    return el("div", { className: "card-pager", role: "group", "aria-label": "Highlights here" }, [previous, position, next]);
  }

  function tagList(tags) {
    if (!tags.length) return null;
    return el(
      "ul",
      { className: "card-tags", "aria-label": "Tags" },
      tags.map(function (tag) {
        return el("li", { text: tag });
      })
    );
  }

  /* ---------- Deleting, with Undo ---------- */

  function askOrDelete(annotation, keyboard) {
    var replies = annotation.reply_count || 0;
    if (!replies) {
      deleteAnnotation(annotation, keyboard);
      return;
    }
    // Undo could not bring the replies back, so ask first.
    var actions = cardBody.querySelector(".card-actions");
    var confirm = el("div", { className: "card-confirm", role: "group", "aria-labelledby": "card-confirm-text" }, [
      el("p", { id: "card-confirm-text", text: "Delete this highlight and its " + (replies === 1 ? "reply" : replies + " replies") + "? This cannot be undone." }),
    ]);
    var yes = el("button", { type: "button", className: "danger", text: "Delete" });
    var no = el("button", { type: "button", className: "secondary", text: "Keep it" });
    yes.addEventListener("click", function (event) {
      deleteAnnotation(annotation, event.detail === 0, true);
    });
    no.addEventListener("click", function () {
      confirm.parentNode.replaceChild(actions, confirm);
      actions.querySelector(".danger").focus();
    });
    confirm.appendChild(el("div", { className: "card-actions" }, [yes, no]));
    actions.parentNode.replaceChild(confirm, actions);
    no.focus();
  }

  function deleteAnnotation(annotation, keyboard, confirmed) {
    var record = details.get(String(annotation.id));
    var block = cardState && cardState.block;
    closeCard(false);
    removeAnnotation(annotation);
    request("DELETE", ANNOTATIONS_URL + annotation.id + "/").then(function (result) {
      if (result.ok || result.status === 404) return;
      addAnnotation(annotation);
      if (record) details.set(String(annotation.id), record);
      clearToast();
      toast("Not deleted: " + errorMessage(result));
    });
    if (confirmed || !record) {
      toast("Highlight deleted.");
      if (block) focusBlock(block);
      return;
    }
    var undo = toast("Highlight deleted.", {
      label: "Undo",
      block: block,
      run: function () {
        restore(annotation, record);
      },
    });
    if (keyboard && undo) undo.focus();
    else if (keyboard && block) focusBlock(block);
  }

  // Undo: the same highlight again (a new id), with its colour, comment, tags and visibility.
  function restore(annotation, record) {
    var again = temporary({ start: record.start, end: record.end, exact: record.exact }, record.color);
    again.visibility = record.visibility;
    again.tags = record.tags || [];
    again.has_comment = Boolean(record.comment);
    addAnnotation(again);
    focusAnnotation(again);
    request("POST", ANNOTATIONS_URL, {
      document: page.document,
      start: record.start,
      end: record.end,
      exact: record.exact,
      color: record.color,
      comment: record.comment || "",
      tags: record.tags || [],
      visibility: record.visibility,
      circle: record.visibility === "circle" ? record.circle : undefined,
    }).then(function (result) {
      if (result.status === 201 && result.data) {
        settle(again, result.data);
        if (!toastRegion.contains(document.activeElement)) focusAnnotation(again);
        announce("Highlight restored.");
      } else {
        removeAnnotation(again);
        toast("Not restored: " + errorMessage(result));
      }
    });
  }

  /* ---------- Editing: colour, comment, tags, visibility ---------- */

  function renderEdit() {
    var annotation = cardState.annotation;
    var isNew = Boolean(cardState.isNew);
    var record = details.get(String(annotation.id)) || {};
    card.classList.add("is-editing");
    setTitle(isNew ? "New highlight" : "Edit your highlight");
    var form = el("form", { className: "card-form", novalidate: true });
    form.appendChild(el("blockquote", { className: "card-quote", "data-color": colorOf(annotation), text: record.exact || annotation.exact || pageQuote(annotation) }));

    var colours = el("fieldset", { className: "card-colors" }, [el("legend", { text: "Colour" })]);
    COLORS.forEach(function (color) {
      var input = el("input", { type: "radio", name: "color", value: color, className: "visually-hidden" });
      input.checked = color === annotation.color;
      input.addEventListener("change", function () {
        // A new highlight shows its colour as it is chosen.
        if (isNew && input.checked) {
          annotation.color = color;
          redraw(annotation.start, annotation.end);
          form.querySelector(".card-quote").setAttribute("data-color", color);
        }
      });
      colours.appendChild(
        el("label", { className: "color-choice", "data-color": color, title: capitalised(color) }, [
          input,
          el("span", { className: "color-choice-swatch", "aria-hidden": "true" }),
          el("span", { className: "visually-hidden", text: capitalised(color) }),
        ])
      );
    });
    colours.appendChild(fieldError("color"));
    form.appendChild(colours);

    var commentId = "card-comment";
    var comment = el("textarea", { id: commentId, name: "comment", rows: 4, "aria-describedby": "card-comment-help card-error-comment" });
    comment.value = record.comment || "";
    form.appendChild(el("div", { className: "card-field" }, [
      el("label", { for: commentId, text: "Comment" }),
      comment,
      el("p", { id: "card-comment-help", className: "card-help", text: "Markdown: *italic*, **bold**, [link](url)" }),
      fieldError("comment"),
    ]));

    var tags = tagEditor((record.tags || annotation.tags || []).slice());
    form.appendChild(tags.element);

    // Only me, each of the reader's circles, everyone: a value of "circle:<slug>" shares it.
    var current = visibilityChoice(annotation);
    var choices = [["private", "Only me"]];
    CIRCLES.forEach(function (circle) {
      choices.push(["circle:" + circle.slug, "Circle: " + circle.name]);
    });
    // A circle its author has since left: offered as it is, so that saving keeps it.
    if (annotation.visibility === "circle" && !isMember(annotation.circle)) {
      choices.push([current, "Circle: " + circleName(annotation.circle)]);
    }
    choices.push(["public", "Everyone"]);
    var visibility = el("fieldset", { className: "card-visibility" + (choices.length > 2 ? " is-stacked" : "") }, [
      el("legend", { text: "Who can see it" }),
    ]);
    choices.forEach(function (choice) {
      var input = el("input", { type: "radio", name: "visibility", value: choice[0] });
      input.checked = current === choice[0];
      visibility.appendChild(el("label", {}, [input, " " + choice[1]]));
    });
    visibility.appendChild(fieldError("visibility"));
    visibility.appendChild(fieldError("circle"));
    form.appendChild(visibility);

    var general = el("p", { className: "card-status", role: "alert", id: "card-error-general" });
    form.appendChild(general);
    var save = el("button", { type: "submit", text: "Save" });
    var cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
    form.appendChild(el("div", { className: "card-actions" }, [save, cancel]));
    cardBody.appendChild(form);

    cancel.addEventListener("click", function () {
      if (isNew) {
        closeCard(true);
      } else {
        cardState.mode = "view";
        renderCard();
        cardTitle.focus();
      }
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var values = {
        color: (form.querySelector("input[name=color]:checked") || {}).value || COLORS[0],
        comment: comment.value,
        tags: tags.values(),
      };
      var chosen = (form.querySelector("input[name=visibility]:checked") || {}).value || "private";
      // Sent only when it changes: a circle its author has left cannot be chosen again.
      if (isNew || chosen !== current) {
        values.visibility = chosen.indexOf("circle:") === 0 ? "circle" : chosen;
        // null takes an annotation out of its circle.
        values.circle = values.visibility === "circle" ? chosen.slice("circle:".length) : null;
      }
      clearErrors(form);
      save.disabled = true;
      save.textContent = "Saving…";
      annotation.saving = true;
      var done = isNew
        ? request("POST", ANNOTATIONS_URL, {
            document: page.document,
            start: annotation.start,
            end: annotation.end,
            exact: annotation.exact,
            color: values.color,
            comment: values.comment,
            tags: values.tags,
            visibility: values.visibility,
            circle: values.circle,
          })
        : request("PATCH", ANNOTATIONS_URL + annotation.id + "/", values);
      done.then(function (result) {
        annotation.saving = false;
        // The card may have been closed while this was saving: the page is updated all the same.
        var showing = Boolean(cardState && cardState.annotation === annotation && cardState.mode === "edit");
        if (!result.ok || !result.data) {
          if (showing) {
            save.disabled = false;
            save.textContent = "Save";
            showErrors(form, result);
          } else {
            if (isNew) removeAnnotation(annotation);
            toast("Not saved: " + errorMessage(result));
          }
          return;
        }
        // Moving to another circle, or out of one, also ends a moderator's hiding.
        var looksChanged = annotation.color !== result.data.color || Boolean(annotation.hidden) !== Boolean(result.data.hidden);
        if (isNew) {
          settle(annotation, result.data);
          hiddenByLayer(annotation);
        } else {
          applyRecord(annotation, result.data);
          if (looksChanged) redraw(annotation.start, annotation.end);
        }
        if (values.tags.length) suggestionCache.clear();
        if (!showing) return;
        cardState.isNew = false;
        if (isNew) cardState.opener = article.querySelector('mark[data-starts~="' + annotation.id + '"]');
        announce(isNew ? "Highlight saved." : "Changes saved.");
        cardState.mode = "view";
        cardState.items = cardState.items.indexOf(annotation) >= 0 ? cardState.items : [annotation];
        cardState.index = cardState.items.indexOf(annotation);
        renderCard();
        cardTitle.focus();
      });
    });

    window.setTimeout(function () {
      if (cardState && cardState.mode === "edit") {
        if (cardState.focusField === "tags") tags.input.focus();
        else comment.focus();
        cardState.focusField = null;
      }
    }, 0);
  }

  function visibilityChoice(annotation) {
    if (annotation.visibility === "circle" && annotation.circle) return "circle:" + annotation.circle;
    return annotation.visibility === "public" ? "public" : "private";
  }

  function fieldError(field) {
    return el("p", { className: "field-error", id: "card-error-" + field, "data-field": field, hidden: true });
  }

  function clearErrors(form) {
    Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (error) {
      error.hidden = true;
      error.textContent = "";
    });
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (field) {
      field.removeAttribute("aria-invalid");
    });
    var general = form.querySelector(".card-status");
    if (general) general.textContent = "";
  }

  function showErrors(form, result) {
    var errors = fieldErrors(result.data);
    var rest = [];
    Object.keys(errors).forEach(function (field) {
      var slot = form.querySelector('.field-error[data-field="' + field + '"]');
      if (slot) {
        slot.textContent = errors[field];
        slot.hidden = false;
        var input = form.querySelector('[name="' + field + '"]') || (field === "tags" && form.querySelector(".tag-input"));
        if (input) input.setAttribute("aria-invalid", "true");
      } else {
        rest.push(errors[field]);
      }
    });
    if (rest.length || !Object.keys(errors).length) {
      form.querySelector(".card-status").textContent = rest.length ? rest.join(" ") : errorMessage(result);
    }
    var firstInvalid = form.querySelector("[aria-invalid=true]");
    if (firstInvalid) firstInvalid.focus();
  }

  /* Tags: chips with a remove button each, and an input whose suggestions (a datalist) come
     from the server, most used first. Enter or a comma adds the typed tag. */
  var suggestionCache = new Map();

  function tagEditor(initial) {
    var values = [];
    var chips = el("ul", { className: "tag-chips", "aria-label": "Tags added" });
    var input = el("input", {
      type: "text",
      id: "card-tag-input",
      className: "tag-input",
      name: "tags",
      list: "card-tag-suggestions",
      autocomplete: "off",
      "aria-describedby": "card-tag-help card-error-tags",
      maxlength: 50,
    });
    var datalist = el("datalist", { id: "card-tag-suggestions" });
    var element = el("div", { className: "card-field card-tags-field" }, [
      el("label", { for: "card-tag-input", text: "Tags" }),
      chips,
      input,
      datalist,
      el("p", { id: "card-tag-help", className: "card-help", text: "Enter or comma adds a tag." }),
      fieldError("tags"),
    ]);

    function add(name) {
      name = name.replace(/\s+/g, " ").trim();
      if (!name) return;
      var exists = values.some(function (value) {
        return value.toLowerCase() === name.toLowerCase();
      });
      if (exists) return;
      values.push(name);
      var remove = el("button", { type: "button", className: "chip-remove", "aria-label": "Remove tag " + name, text: "×" });
      var chip = el("li", { className: "chip" }, [el("span", { text: name }), remove]);
      remove.addEventListener("click", function () {
        values.splice(values.indexOf(name), 1);
        chip.parentNode.removeChild(chip);
        input.focus();
        announce("Removed tag " + name + ".");
      });
      chips.appendChild(chip);
    }

    function commitInput() {
      input.value.split(",").forEach(add);
      input.value = "";
      suggest("");
    }

    var suggestTimer = null;
    var latestQuery = null;

    function suggest(query) {
      window.clearTimeout(suggestTimer);
      suggestTimer = window.setTimeout(function () {
        latestQuery = query;
        var cached = suggestionCache.get(query);
        var loaded = cached
          ? Promise.resolve(cached)
          : request("GET", TAGS_URL + "?q=" + encodeURIComponent(query)).then(function (result) {
              var names = result.ok && result.data && Array.isArray(result.data.results) ? result.data.results : [];
              if (result.ok) suggestionCache.set(query, names);
              return names;
            });
        loaded.then(function (names) {
          if (query !== latestQuery) return;
          datalist.textContent = "";
          names
            .filter(function (name) {
              return values.indexOf(name) < 0;
            })
            .slice(0, 12)
            .forEach(function (name) {
              datalist.appendChild(el("option", { value: name }));
            });
        });
      }, query ? 150 : 0);
    }

    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === ",") {
        if (input.value.trim()) {
          event.preventDefault();
          commitInput();
        } else if (event.key === ",") {
          event.preventDefault();
        }
      } else if (event.key === "Backspace" && !input.value && values.length) {
        var last = chips.lastElementChild;
        if (last) last.querySelector("button").click();
      }
    });
    input.addEventListener("input", function (event) {
      // Picking a suggestion from the list adds it straight away.
      if (event.inputType === "insertReplacementText") {
        commitInput();
        return;
      }
      suggest(input.value.split(",").pop().trim());
    });
    input.addEventListener("focus", function () {
      suggest(input.value.trim());
    });
    initial.forEach(add);

    return {
      element: element,
      input: input,
      values: function () {
        if (input.value.trim()) commitInput();
        return values.slice();
      },
    };
  }

  /* ---------- Replies ---------- */

  function renderReplies(annotation, section, token) {
    var heading = el("h3", { id: "card-replies-title", text: "Replies" });
    updateReplyHeading(heading, annotation.reply_count || 0);
    var list = el("ol", { className: "reply-list" });
    var loading = el("p", { className: "card-help", text: "Loading replies…" });
    section.appendChild(heading);
    section.appendChild(loading);
    section.appendChild(list);
    if (user) section.appendChild(replyForm(annotation, list, heading));
    else {
      var next = window.location.pathname + window.location.search + window.location.hash;
      section.appendChild(el("p", { className: "card-help" }, [el("a", { href: "/accounts/login/?next=" + encodeURIComponent(next), text: "Sign in to reply" })]));
    }
    request("GET", ANNOTATIONS_URL + annotation.id + "/replies/").then(function (result) {
      if (token !== renderCount) return;
      loading.parentNode.removeChild(loading);
      if (!result.ok || !result.data) {
        section.insertBefore(el("p", { className: "card-status", text: errorMessage(result) }), list);
        return;
      }
      var replies = Array.isArray(result.data.results) ? result.data.results : [];
      annotation.reply_count = replies.length;
      replies.forEach(function (reply) {
        list.appendChild(replyItem(annotation, reply, heading));
      });
      updateReplyHeading(heading, replies.length);
      positionCard();
    });
  }

  // With no replies yet, the heading is for screen readers only: the form says enough.
  function updateReplyHeading(heading, count) {
    heading.textContent = count ? "Replies (" + count + ")" : "Replies";
    heading.classList.toggle("visually-hidden", !count);
  }

  function replyItem(annotation, reply, heading) {
    var item = el("li", { className: "reply" });
    var meta = el("p", { className: "reply-meta" }, [el("strong", { text: reply.author === user ? "You" : reply.author })]);
    var time = timeElement(reply.created);
    if (time) {
      meta.appendChild(document.createTextNode(" · "));
      meta.appendChild(time);
    }
    // Only its author and the circle's moderators are sent a hidden reply.
    if (reply.hidden) {
      meta.appendChild(document.createTextNode(" "));
      meta.appendChild(el("span", { className: "card-badge", text: "Hidden by a moderator" }));
      item.classList.add("is-hidden");
    }
    var body = el("div", { className: "reply-body" });
    // Rendered from Markdown and sanitised by the server: safe to insert as HTML.
    body.innerHTML = reply.body_html || "";
    item.appendChild(meta);
    item.appendChild(body);
    if (user && annotation.visibility === "circle" && annotation.circle) {
      circleRole(annotation.circle).then(function (role) {
        if (MANAGER_ROLES.indexOf(role) < 0 || !item.isConnected) return;
        item.appendChild(replyModerationButton(reply, item, meta));
        positionCard();
      });
    }
    if (user && reply.author === user) {
      var edit = el("button", { type: "button", className: "link-button", text: "Edit", "aria-label": "Edit your reply" });
      var remove = el("button", { type: "button", className: "link-button danger", text: "Delete", "aria-label": "Delete your reply" });
      var actions = el("p", { className: "reply-actions" }, [edit, remove]);
      item.appendChild(actions);
      edit.addEventListener("click", function () {
        editReply(item, reply, body, actions, annotation, heading);
      });
      remove.addEventListener("click", function () {
        var question = el("p", { className: "reply-actions" }, ["Delete this reply? "]);
        var yes = el("button", { type: "button", className: "link-button danger", text: "Delete" });
        var no = el("button", { type: "button", className: "link-button", text: "Keep it" });
        question.appendChild(yes);
        question.appendChild(no);
        item.replaceChild(question, actions);
        no.focus();
        no.addEventListener("click", function () {
          item.replaceChild(actions, question);
          remove.focus();
        });
        yes.addEventListener("click", function () {
          yes.disabled = true;
          request("DELETE", REPLIES_URL + reply.id + "/").then(function (result) {
            if (!result.ok && result.status !== 404) {
              yes.disabled = false;
              toast("Not deleted: " + errorMessage(result));
              return;
            }
            var list = item.parentNode;
            var next = item.nextElementSibling || item.previousElementSibling;
            list.removeChild(item);
            annotation.reply_count = Math.max(0, (annotation.reply_count || 1) - 1);
            updateReplyHeading(heading, list.children.length);
            announce("Reply deleted.");
            var focusTarget = (next && next.querySelector("button")) || card.querySelector("#card-reply");
            if (focusTarget) focusTarget.focus();
          });
        });
      });
    }
    return item;
  }

  // Owners and moderators hide a reply from the circle (its author still sees it) and back.
  function replyModerationButton(reply, item, meta) {
    var line = el("p", { className: "reply-actions reply-moderation" });
    var button = el("button", { type: "button", className: "link-button" });
    function label() {
      button.textContent = reply.hidden ? "Unhide reply" : "Hide reply from circle";
    }
    label();
    line.appendChild(button);
    button.addEventListener("click", function () {
      if (button.getAttribute("aria-busy") === "true") return;
      button.setAttribute("aria-busy", "true");
      var hide = !reply.hidden;
      request("POST", REPLIES_URL + reply.id + (hide ? "/hide/" : "/unhide/")).then(function (result) {
        button.removeAttribute("aria-busy");
        if (!result.ok || !result.data) {
          toast((hide ? "Not hidden: " : "Not shown again: ") + errorMessage(result));
          return;
        }
        reply.hidden = Boolean(result.data.hidden);
        item.classList.toggle("is-hidden", reply.hidden);
        var badge = meta.querySelector(".card-badge");
        if (reply.hidden && !badge) {
          meta.appendChild(document.createTextNode(" "));
          meta.appendChild(el("span", { className: "card-badge", text: "Hidden by a moderator" }));
        } else if (!reply.hidden && badge) {
          meta.removeChild(badge);
        }
        label();
        announce(reply.hidden ? "Reply hidden from the circle." : "Reply shown to the circle again.");
      });
    });
    return line;
  }

  function editReply(item, reply, body, actions, annotation, heading) {
    var id = "card-reply-edit-" + reply.id;
    var textarea = el("textarea", { id: id, rows: 3, name: "body" });
    textarea.value = reply.body || "";
    var error = el("p", { className: "field-error", role: "alert", hidden: true });
    var save = el("button", { type: "submit", text: "Save" });
    var cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
    var form = el("form", { className: "reply-edit" }, [
      el("label", { for: id, className: "visually-hidden", text: "Edit your reply" }),
      textarea,
      error,
      el("div", { className: "card-actions" }, [save, cancel]),
    ]);
    item.replaceChild(form, body);
    actions.hidden = true;
    textarea.focus();
    cancel.addEventListener("click", function () {
      item.replaceChild(body, form);
      actions.hidden = false;
      actions.querySelector("button").focus();
    });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      save.disabled = true;
      request("PATCH", REPLIES_URL + reply.id + "/", { body: textarea.value }).then(function (result) {
        save.disabled = false;
        if (!result.ok || !result.data) {
          error.textContent = errorMessage(result);
          error.hidden = false;
          return;
        }
        var fresh = replyItem(annotation, result.data, heading);
        item.parentNode.replaceChild(fresh, item);
        fresh.querySelector(".reply-actions button").focus();
        positionCard();
      });
    });
  }

  function replyForm(annotation, list, heading) {
    var textarea = el("textarea", { id: "card-reply", name: "body", rows: 2, placeholder: "Write a reply (Markdown works)" });
    var error = el("p", { className: "field-error", role: "alert", hidden: true });
    var send = el("button", { type: "submit", text: "Reply" });
    var form = el("form", { className: "reply-form" }, [
      el("label", { for: "card-reply", className: "visually-hidden", text: "Your reply" }),
      textarea,
      error,
      el("div", { className: "card-actions" }, [send]),
    ]);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (!textarea.value.trim()) {
        error.textContent = "Write something first.";
        error.hidden = false;
        textarea.focus();
        return;
      }
      send.disabled = true;
      error.hidden = true;
      request("POST", ANNOTATIONS_URL + annotation.id + "/replies/", { body: textarea.value }).then(function (result) {
        send.disabled = false;
        if (result.status !== 201 || !result.data) {
          error.textContent = errorMessage(result);
          error.hidden = false;
          textarea.focus();
          return;
        }
        textarea.value = "";
        list.appendChild(replyItem(annotation, result.data, heading));
        annotation.reply_count = list.children.length;
        updateReplyHeading(heading, list.children.length);
        announce("Reply posted.");
        positionCard();
      });
    });
    return form;
  }

  /* ---------- Opening cards from marks and margin counts (delegated) ---------- */

  function openForMark(mark, keyboard) {
    var ids = (mark.getAttribute("data-ids") || "").split(/\s+/);
    var items = ids
      .map(function (id) {
        return byId.get(id);
      })
      .filter(Boolean)
      .sort(innermostFirst);
    if (!items.length) return;
    var index = 0;
    var starts = (mark.getAttribute("data-starts") || "").split(/\s+/).filter(Boolean);
    if (keyboard && starts.length) index = Math.max(0, items.indexOf(byId.get(starts[0])));
    // Tab focus lives on the mark where an annotation starts: return there.
    var opener = mark.hasAttribute("data-starts") ? mark : article.querySelector('mark[data-starts~="' + items[index].id + '"]') || mark;
    if (cardState && cardState.mode === "edit" && cardState.isNew && items.indexOf(cardState.annotation) >= 0) return;
    openCard({ mode: "view", items: items, index: index, annotation: items[index], opener: opener, keyboard: keyboard });
  }

  function openParagraphList(button, keyboard) {
    var block = button.closest(BLOCK);
    var segment = block && segmentOfBlock.get(block);
    if (!segment) return;
    if (cardState && cardState.countButton === button && cardState.mode === "list") {
      closeCard(keyboard);
      return;
    }
    var items = overlapping(segment);
    if (!items.length) return;
    if (items.length === 1) {
      openCard({ mode: "view", items: items, index: 0, annotation: items[0], opener: button, countButton: button, block: block, keyboard: keyboard });
      return;
    }
    openCard({ mode: "list", items: items, index: 0, opener: button, countButton: button, block: block, keyboard: keyboard });
  }

  article.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest || card.contains(target)) return;
    var count = target.closest("button.margin-count");
    if (count) {
      openParagraphList(count, event.detail === 0);
      return;
    }
    var mark = target.closest("mark.hl");
    // A note marker inside a highlight stays a link.
    if (!mark || target.closest("a")) return;
    // A drag that ended where it began is a selection, not a click.
    if (selectionRange()) return;
    openForMark(mark, event.detail === 0);
  });

  article.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var mark = event.target.closest && event.target.closest("mark.hl[data-starts]");
    if (!mark || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openForMark(mark, true);
  });

  /* ---------- Keyboard selection and the toolbar's keys ---------- */

  var GRANULARITY = { ArrowLeft: "character", ArrowRight: "character", ArrowUp: "line", ArrowDown: "line", Home: "lineboundary", End: "lineboundary" };

  /* Shift+arrows select from a caret in the text, or from the focused ¶ link, margin count
     or highlight, so that a keyboard alone can select. Chrome does none of this without
     caret browsing, and does not extend a selection while a link has focus. */
  function extendSelection(event) {
    var selection = window.getSelection();
    var granularity = GRANULARITY[event.key];
    if (!granularity || !selection || typeof selection.modify !== "function") return false;
    var anchorNode = selection.rangeCount ? selection.anchorNode : null;
    var anchorElement = anchorNode && (anchorNode.nodeType === 1 ? anchorNode : anchorNode.parentElement);
    var inText = Boolean(anchorElement && anchorElement.closest(".t") && article.contains(anchorElement));
    var focused = document.activeElement;
    var block = focused && focused !== article && article.contains(focused) && !card.contains(focused) && focused.closest(BLOCK);
    var segment = block && segmentOfBlock.get(block);
    if (segment && !(inText && segment.element.contains(anchorElement))) {
      // Focus is on a block's ¶ link, margin count or highlight: start there.
      var range = document.createRange();
      range.setStart(focused.matches("mark.hl") ? focused : segment.element, 0);
      range.collapse(true);
      selection.removeAllRanges();
      selection.addRange(range);
    } else if (!inText) {
      return false;
    }
    if ((event.ctrlKey || event.altKey) && granularity === "character") granularity = "word";
    var forward = event.key === "ArrowRight" || event.key === "ArrowDown" || event.key === "End";
    selection.modify("extend", forward ? "forward" : "backward", granularity);
    return true;
  }

  // Escape closes the card (a form with changes asks for a second Escape) or the toolbar.
  function onEscape(event) {
    if (cardState) {
      event.preventDefault();
      if (cardState.mode === "edit" && formChanged() && !cardState.escapeOnce) {
        cardState.escapeOnce = true;
        var status = card.querySelector(".card-form .card-status");
        if (status) status.textContent = "Press Escape again to discard your changes.";
        return;
      }
      closeCard(true);
    } else if (!toolbar.hidden) {
      event.preventDefault();
      var range = selectionRange();
      dismissedRange = range ? copyRange(range) : null;
      hideToolbar();
    }
  }

  function formChanged() {
    var form = card.querySelector(".card-form");
    if (!form) return false;
    var comment = form.querySelector("textarea");
    var record = details.get(String(cardState.annotation.id)) || {};
    var tagInput = form.querySelector(".tag-input");
    return (comment && comment.value !== (record.comment || "")) || Boolean(tagInput && tagInput.value.trim());
  }

  // The toolbar's keys while it shows: h or 1–5 highlight, c comment, t tag, a to the toolbar.
  function onToolbarKey(event) {
    if (toolbar.hidden || !selectionTarget || event.altKey || event.ctrlKey || event.metaKey) return;
    if (card.contains(event.target) || isTyping(event.target)) return;
    var key = event.key.length === 1 ? event.key.toLowerCase() : event.key;
    var color = key === "h" ? COLORS[0] : /^[1-9]$/.test(key) ? COLORS[Number(key) - 1] : null;
    if (color) {
      event.preventDefault();
      highlight(color, true);
    } else if (key === "c") {
      event.preventDefault();
      startDraft("comment");
    } else if (key === "t") {
      event.preventDefault();
      startDraft("tags");
    } else if ((key === "a" || (key === "Enter" && !event.target.closest("a, button, [tabindex]"))) && !toolbar.contains(event.target)) {
      event.preventDefault();
      focusToolbar();
    }
  }

  // Capture phase, so that keys.js (j/k paging) sees these keys as handled.
  document.addEventListener(
    "keydown",
    function (event) {
      lastInput = "keyboard";
      if (event.key === "Escape") {
        // Escape in the search box (say) is the field's own.
        if (!isTyping(event.target) || card.contains(event.target)) onEscape(event);
        return;
      }
      if (event.shiftKey && !event.metaKey && !isTyping(event.target) && !card.contains(event.target) && !toolbar.contains(event.target)) {
        if (extendSelection(event)) {
          event.preventDefault();
          dismissedRange = null;
          scheduleSelectionCheck(250);
          return;
        }
      }
      onToolbarKey(event);
    },
    true
  );

  document.addEventListener(
    "pointerdown",
    function (event) {
      if (toolbar.contains(event.target)) return;
      lastInput = "pointer";
      pointerIsDown = true;
      dismissedRange = null;
      // A click elsewhere closes a card that is only being read.
      if (cardState && cardState.mode !== "edit" && !card.contains(event.target) && !event.target.closest("mark.hl, button.margin-count, .annotation-toast")) {
        closeCard(false);
      }
    },
    true
  );

  function pointerEnded() {
    if (!pointerIsDown) return;
    pointerIsDown = false;
    // The selection settles just after the pointer is released (double and triple clicks).
    scheduleSelectionCheck(20);
  }
  document.addEventListener("pointerup", pointerEnded, true);
  document.addEventListener("pointercancel", pointerEnded, true);

  document.addEventListener("selectionchange", function () {
    var selection = window.getSelection();
    var collapsed = !selection || !selection.rangeCount || selection.isCollapsed;
    // While a drag is under way, or once the selection is gone, the toolbar is out of date.
    if (pointerIsDown || (collapsed && !toolbar.contains(document.activeElement))) {
      window.clearTimeout(selectionTimer);
      hideToolbar();
      return;
    }
    scheduleSelectionCheck(lastInput === "keyboard" ? 250 : 350);
  });

  window.addEventListener("resize", function () {
    hideToolbar();
    positionCard();
  });

  /* ---------- The layer switch: a change shows the chosen layers at the same place ---------- */

  var layerForm = document.querySelector("form.layer-switch, form.layer-filter");
  if (layerForm) {
    var submit = layerForm.querySelector("button[type=submit], input[type=submit]");
    if (submit) submit.hidden = true;
    var layerTimer = null;
    layerForm.addEventListener("change", function (event) {
      // Checkboxes combine: wait a moment for the next one. Arrowing through radios
      // settles on one before the page reloads. A click on a radio or a choice from a
      // list reloads at once.
      var wait = event.target.type === "checkbox" ? 900 : lastInput === "keyboard" ? 600 : 0;
      window.clearTimeout(layerTimer);
      layerTimer = window.setTimeout(showLayers, wait);
    });
    layerForm.addEventListener("submit", function (event) {
      event.preventDefault();
      showLayers();
    });
  }

  function showLayers() {
    var url = new URL(layerForm.getAttribute("action") || window.location.href, window.location.href);
    var query = new URLSearchParams();
    new FormData(layerForm).forEach(function (value, name) {
      if (value !== "") query.append(name, value);
    });
    url.search = query.toString();
    var anchor = topVisibleBlock();
    url.hash = anchor ? "at-" + anchor.getAttribute("data-ordinal") + "-" + Math.round(anchor.getBoundingClientRect().top) : "";
    window.location.assign(url.toString());
  }

  function topVisibleBlock() {
    for (var i = 0; i < segments.length; i++) {
      var box = segments[i].block.getBoundingClientRect();
      if (box.bottom > 0) return box.top < window.innerHeight ? segments[i].block : null;
    }
    return null;
  }

  // #at-<ordinal>-<pixels>: the paragraph that was at the top, and where; not an element id,
  // so the browser does not scroll or mark a :target itself.
  var restoreMatch = /^#at-(\d+)-(-?\d+)$/.exec(window.location.hash);
  if (restoreMatch) {
    var restoreBlock = document.getElementById("p-" + restoreMatch[1]);
    if (restoreBlock) window.scrollBy(0, restoreBlock.getBoundingClientRect().top - Number(restoreMatch[2]));
    window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
  }

  // For tests and the console: what the page holds now.
  window.Marginalia = {
    annotations: function () {
      return annotations.slice();
    },
    keys: KEY_HELP,
  };
})();

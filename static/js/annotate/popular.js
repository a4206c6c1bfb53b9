/* Popular highlights: other readers' public highlights are drawn as one layer, shaded by
   how many readers marked each stretch (page.popular; highlighter.js draws it). Clicking a
   shaded stretch, or Enter on its first run (mark.pop-start), opens a panel listing those
   annotations, loaded then from urls.popular (GET /api/documents/<slug>/popular/?start=
   &end=): author, words, comment, tags and replies, each with a link that opens its card
   on this page with the author's highlights drawn one by one (?member=). Esc or Close
   closes it and gives focus back. */
import { el } from "../dom.js";
import { request } from "../api.js";
import { article, url } from "./page.js";
import { offsetOfMark, stretchAt } from "./highlighter.js";
import { closeCard, currentCard } from "./card.js";

const title = el("h2", { id: "popular-panel-title", className: "card-title", tabindex: "-1" });
const closeButton = el("button", { type: "button", className: "card-close", "aria-label": "Close", title: "Close (Esc)", text: "×" });
const status = el("p", { className: "popular-status", role: "status" });
const list = el("ol", { className: "popular-list" });
const panel = el(
  "div",
  { id: "popular-panel", className: "annotation-card popular-panel", role: "dialog", "aria-labelledby": "popular-panel-title", hidden: true },
  [el("div", { className: "card-head" }, [title, closeButton]), el("div", { className: "card-body" }, [status, list])]
);
const sheetQuery = window.matchMedia("(max-width: 60rem)");

let opened = null; // {stretch, opener} while the panel shows
let loads = 0; // answers for a stretch no longer shown are dropped

function readers(count) {
  return count === 1 ? "1 reader" : count + " readers";
}

// The mark that opens a stretch: its pop-start, else the run that was clicked.
function openerOf(stretch, mark) {
  var starts = article.querySelectorAll("mark.pop-start");
  for (var i = 0; i < starts.length; i++) {
    if (stretchAt(offsetOfMark(starts[i])) === stretch) return starts[i];
  }
  return mark;
}

export function openPopular(mark) {
  var stretch = stretchAt(offsetOfMark(mark));
  if (!stretch) return;
  if (currentCard()) closeCard(false);
  opened = { stretch: stretch, opener: openerOf(stretch, mark) };
  title.textContent = "Highlighted by " + readers(stretch.readers);
  panel.hidden = false;
  place();
  title.focus({ preventScroll: true });
  load();
}

function load() {
  var stretch = opened.stretch;
  var token = ++loads;
  list.textContent = "";
  status.textContent = "Loading…";
  var address = url("popular") + "?start=" + stretch.start + "&end=" + stretch.end;
  request("GET", address).then(function (result) {
    if (token !== loads || !opened) return;
    if (!result.ok || !result.data || !Array.isArray(result.data.results)) {
      showError();
      return;
    }
    showList(result.data);
  });
}

function showError() {
  status.textContent = "These highlights could not be loaded. ";
  var retry = el("button", { type: "button", className: "secondary popular-retry", text: "Try again" });
  retry.addEventListener("click", function () {
    load();
    title.focus({ preventScroll: true });
  });
  status.appendChild(retry);
}

function showList(data) {
  var shown = data.results.length;
  if (!shown) {
    status.textContent = "No one else's highlights are here any more.";
    return;
  }
  status.textContent =
    shown < data.count ? "The newest " + shown + " of " + data.count + " highlights." : shown === 1 ? "1 highlight." : shown + " highlights.";
  data.results.forEach(function (item) {
    list.appendChild(itemFor(item));
  });
}

function itemFor(item) {
  var replies = item.reply_count === 1 ? "1 reply" : item.reply_count + " replies";
  var entry = el("li", { className: "popular-item" }, [
    el("p", { className: "popular-author" }, [el("strong", { text: item.author }), " · " + replies]),
    el("blockquote", { className: "popular-words", text: "“" + item.exact + "”" }),
  ]);
  if (item.comment_html) {
    var comment = el("div", { className: "popular-comment" });
    comment.innerHTML = item.comment_html; // sanitised by the server (annotations/rendering.py)
    entry.appendChild(comment);
  }
  if (item.tags && item.tags.length) {
    entry.appendChild(
      el(
        "ul",
        { className: "card-tags popular-tags", "aria-label": "Tags" },
        item.tags.map(function (tag) {
          return el("li", { text: tag });
        })
      )
    );
  }
  // Its card, on this page with its author's highlights drawn one by one (target.js).
  var href = window.location.pathname + "?member=" + encodeURIComponent(item.author) + "#annotation-" + item.id;
  entry.appendChild(el("a", { className: "popular-open", href: href, text: "Open " + item.author + "’s highlight and thread" }));
  return entry;
}

export function closePopular(restoreFocus) {
  if (!opened) return;
  var opener = opened.opener;
  opened = null;
  loads += 1;
  panel.hidden = true;
  if (restoreFocus && opener && opener.isConnected) opener.focus({ preventScroll: true });
}

// Beside the text level with the stretch; on phones a bottom sheet (the card's CSS).
function place() {
  if (!opened || panel.hidden) return;
  if (sheetQuery.matches) {
    panel.style.top = "";
    panel.style.left = "";
    panel.style.width = "";
    return;
  }
  var box = opened.opener.getBoundingClientRect();
  var articleBox = article.getBoundingClientRect();
  var viewportWidth = document.documentElement.clientWidth;
  var width = Math.max(260, Math.min(360, viewportWidth - articleBox.right - 40));
  panel.style.width = width + "px";
  panel.style.left = Math.round(Math.min(articleBox.right + 24, viewportWidth - width - 16) + window.scrollX) + "px";
  panel.style.top = Math.round(Math.max(8, box.top - 6) + window.scrollY) + "px";
}

// The shaded run a click lands on: where no highlight drawn one by one is, or the
// stretch's first run (which is named for it).
function popularRun(target) {
  var mark = target.closest && target.closest("mark.pop");
  if (!mark || target.closest("a")) return null;
  if (mark.classList.contains("hl") && !mark.classList.contains("pop-start")) return null;
  return mark;
}

export function watchPopular() {
  if (!article) return;
  document.body.appendChild(panel);
  closeButton.addEventListener("click", function () {
    closePopular(true);
  });
  article.addEventListener("click", function (event) {
    var mark = popularRun(event.target);
    var selection = window.getSelection();
    // A drag that ended where it began is a selection, not a click.
    if (!mark || (selection && !selection.isCollapsed)) return;
    openPopular(mark);
  });
  article.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" && event.key !== " ") return;
    var mark = event.target.closest && event.target.closest("mark.pop-start");
    if (!mark || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    openPopular(mark);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && opened) {
      event.preventDefault();
      closePopular(true);
    }
  });
  // A click elsewhere closes it.
  document.addEventListener(
    "pointerdown",
    function (event) {
      if (opened && !panel.contains(event.target) && !popularRun(event.target)) closePopular(false);
    },
    true
  );
  window.addEventListener("resize", place);
}

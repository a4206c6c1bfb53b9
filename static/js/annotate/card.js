/* The card: a dialog beside an annotation's paragraph (a bottom sheet on phones) that
   shows one annotation, the list behind a margin count, or the form that edits one.
   This module opens, renders, places and closes it; what it shows is drawn by the
   renderers main.js gives createCard: card-view.js (list, view) and card-edit.js (edit).

   Click, or Tab to and press Enter on, a highlight to open its card; the margin count
   beside a paragraph lists the annotations on it. */
import { el } from "../dom.js";
import { BLOCK, article } from "./page.js";
import { firstSegment, segmentAt, segmentOfBlock } from "./offsets.js";
import { annotationById, detailsOf, isShown } from "./store.js";
import { coveringAt, focusBlock, markOf, offsetOfMark, overlapping, removeAnnotation } from "./highlighter.js";
import { dismissSelection, hideToolbar, selectionRange, toolbarContains } from "./toolbar.js";

export const card = el("div", {
  id: "annotation-card",
  className: "annotation-card",
  role: "dialog",
  "aria-labelledby": "annotation-card-title",
  hidden: true,
});
export const cardTitle = el("h2", { id: "annotation-card-title", className: "card-title", tabindex: "-1" });
export const cardBody = el("div", { className: "card-body" });
const cardClose = el("button", { type: "button", className: "card-close", "aria-label": "Close", title: "Close (Esc)", text: "×" });
card.appendChild(el("div", { className: "card-head" }, [cardTitle, cardClose]));
card.appendChild(cardBody);
const sheetQuery = window.matchMedia("(max-width: 60rem)");

let renderers = null; // {list, view, edit}: each fills cardBody for currentCard()
let cardState = null;
let renderCount = 0; // answers for a card that has since changed are dropped

export function createCard(given) {
  renderers = given;
  cardClose.addEventListener("click", function () {
    closeCard(true);
  });

  /* Opening cards from marks and margin counts (delegated). */
  article.addEventListener("click", function (event) {
    var target = event.target;
    if (!target.closest || card.contains(target)) return;
    var count = target.closest("button.margin-count");
    if (count) {
      openParagraphList(count, event.detail === 0);
      return;
    }
    var mark = target.closest("mark.hl");
    // A note marker inside a highlight stays a link; a popular stretch's first run opens
    // the stretch, as its name says (popular.js).
    if (!mark || target.closest("a") || mark.classList.contains("pop-start")) return;
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

  // A click elsewhere closes a card that is only being read.
  document.addEventListener(
    "pointerdown",
    function (event) {
      if (toolbarContains(event.target)) return;
      if (cardState && cardState.mode !== "edit" && !card.contains(event.target) && !event.target.closest("mark.hl, button.margin-count, .annotation-toast")) {
        closeCard(false);
      }
    },
    true
  );
}

// The card's state (the options it was opened with, as changed since), or null when closed.
export function currentCard() {
  return cardState;
}

// Renderers keep the token they started with: an answer that comes after another render is dropped.
export function renderToken() {
  return renderCount;
}

/* options: mode "view" | "list" | "edit"; annotation; items (annotations to page through);
   index; opener (the element to return focus to); block; keyboard; isNew; focusField. */
export function openCard(options) {
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
  if (selectionRange()) dismissSelection();
  hideToolbar();
  var previousCount = cardState && cardState.countButton;
  if (previousCount && previousCount !== options.countButton) previousCount.setAttribute("aria-expanded", "false");
  cardState = options;
  if (options.countButton) options.countButton.setAttribute("aria-expanded", "true");
  var block = options.block || (options.opener && options.opener.closest(BLOCK));
  if (!block && options.annotation) {
    var segment = segmentAt(options.annotation.start, false) || firstSegment();
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

export function renderCard() {
  renderCount += 1;
  cardBody.textContent = "";
  card.classList.remove("is-editing");
  if (!cardState) return;
  if (cardState.mode === "list") renderers.list();
  else if (cardState.mode === "edit") renderers.edit();
  else renderers.view();
  positionCard();
}

export function refreshCardFor(annotation) {
  if (cardState && cardState.mode === "view" && cardState.items[cardState.index] === annotation) {
    cardState.annotation = annotation;
    renderCard();
  }
}

export function closeCard(restoreFocus) {
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
    if (annotation && isShown(annotation)) target = markOf(annotation);
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

// Whether the edit form holds typing that is not saved yet.
export function formChanged() {
  var form = card.querySelector(".card-form");
  if (!form) return false;
  var comment = form.querySelector("textarea");
  var record = detailsOf(cardState.annotation) || {};
  var tagInput = form.querySelector(".tag-input");
  return (comment && comment.value !== (record.comment || "")) || Boolean(tagInput && tagInput.value.trim());
}

// In the right margin beside the anchor on wide screens; CSS makes it a bottom sheet on phones.
export function positionCard() {
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

export function setTitle(text) {
  cardTitle.textContent = text;
}

function openForMark(mark, keyboard) {
  // What covers the run, from the store by the run's offset (marks carry no id lists).
  var items = coveringAt(offsetOfMark(mark));
  if (!items.length) return;
  var index = 0;
  var starts = (mark.getAttribute("data-starts") || "").split(/\s+/).filter(Boolean);
  if (keyboard && starts.length) index = Math.max(0, items.indexOf(annotationById(starts[0])));
  // Tab focus lives on the mark where an annotation starts: return there.
  var opener = mark.hasAttribute("data-starts") ? mark : markOf(items[index]) || mark;
  if (cardState && cardState.mode === "edit" && cardState.isNew && items.indexOf(cardState.annotation) >= 0) return;
  openCard({ mode: "view", items: items, index: index, annotation: items[index], opener: opener, keyboard: keyboard });
}

function openParagraphList(button, keyboard) {
  var block = button.closest(BLOCK);
  var segment = block && segmentOfBlock(block);
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

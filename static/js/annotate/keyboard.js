/* Keys, while text is selected: h (or 1 to 5) highlights, c comments, t opens the
   toolbar's tag input, a moves to the toolbar, Escape closes. Shift+arrows start a
   selection from a caret, or from the focused ¶ link or highlight (with Alt too: the
   exact selection, not whole words). Ctrl+Enter (Cmd+Enter on a Mac) in any form of the
   card or the toolbar saves it. (Enter or Space on a highlight opens its card: card.js.) */
import { isTyping } from "../dom.js";
import { BLOCK, COLORS, article } from "./page.js";
import { segmentOfBlock } from "./offsets.js";
import { noteInput } from "./input.js";
import {
  dismissSelection,
  focusToolbar,
  hasTarget,
  hideToolbar,
  keepExactSelection,
  openQuickTag,
  reconsiderSelection,
  toolbarContains,
  toolbarShown,
} from "./toolbar.js";
import { card, closeCard, currentCard, formChanged } from "./card.js";
import { highlight, startDraft } from "./create.js";

const GRANULARITY = { ArrowLeft: "character", ArrowRight: "character", ArrowUp: "line", ArrowDown: "line", Home: "lineboundary", End: "lineboundary" };

export function listenForKeys() {
  // Capture phase, so that keys.js (j/k paging) sees these keys as handled.
  document.addEventListener(
    "keydown",
    function (event) {
      noteInput("keyboard");
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey) && submitForm(event)) return;
      if (event.key === "Escape") {
        // Escape in the search box (say) is the field's own.
        if (!isTyping(event.target) || card.contains(event.target)) onEscape(event);
        return;
      }
      if (event.shiftKey && !event.metaKey && !isTyping(event.target) && !card.contains(event.target) && !toolbarContains(event.target)) {
        if (extendSelection(event)) {
          event.preventDefault();
          keepExactSelection(event.altKey);
          reconsiderSelection(250);
          return;
        }
      }
      onToolbarKey(event);
    },
    true
  );
}

// Ctrl/Cmd+Enter in a field of a card or toolbar form submits it, as its Save button would.
function submitForm(event) {
  var target = event.target;
  var form = target && target.form;
  if (!form || !(card.contains(form) || toolbarContains(form))) return false;
  event.preventDefault();
  if (typeof form.requestSubmit === "function") form.requestSubmit();
  else form.dispatchEvent(new Event("submit", { cancelable: true }));
  return true;
}

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
  var segment = block && segmentOfBlock(block);
  if (segment && !(inText && segment.element.contains(anchorElement))) {
    // Focus is on a block's ¶ link, margin count or highlight: start there.
    var range = document.createRange();
    range.setStart(focused.matches("mark.hl, mark.pop") ? focused : segment.element, 0);
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
  var cardState = currentCard();
  if (cardState) {
    event.preventDefault();
    if (cardState.mode === "edit" && formChanged() && !cardState.escapeOnce) {
      cardState.escapeOnce = true;
      var status = card.querySelector(".card-form .card-status");
      if (status) status.textContent = "Press Escape again to discard your changes.";
      return;
    }
    closeCard(true);
  } else if (toolbarShown()) {
    event.preventDefault();
    dismissSelection();
    hideToolbar();
  }
}

// The toolbar's keys while it shows: h or 1–5 highlight, c comment, t tag, a to the toolbar.
function onToolbarKey(event) {
  if (!toolbarShown() || !hasTarget() || event.altKey || event.ctrlKey || event.metaKey) return;
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
    openQuickTag();
  } else if ((key === "a" || (key === "Enter" && !event.target.closest("a, button, [tabindex]"))) && !toolbarContains(event.target)) {
    event.preventDefault();
    focusToolbar();
  }
}

/* The selection toolbar: select text (mouse, touch, or Shift+arrows) and it offers a
   highlight in one of five colours, a comment or a tag; signed out, a link to sign in.
   It says where a quick highlight goes (Sharing to, sharing.js). Tag (or t) opens a
   small input in the toolbar: Enter makes a highlight with that tag. A partly selected
   word is taken whole, unless Alt was held while selecting (offsets.js).
   It follows the selection, and acts through the handlers main.js gives createToolbar. */
import { el } from "../dom.js";
import { COLORS, KEY_HELP, article, signInUrl, url, user } from "./page.js";
import { targetFromRange } from "./offsets.js";
import { announce } from "./live.js";
import { lastInput, noteInput } from "./input.js";
import { onSharingChange } from "./sharing.js";
import { tagSuggestions } from "./tag-editor.js";

const toolbar = el("div", {
  id: "annotation-toolbar",
  className: "annotation-toolbar",
  role: "toolbar",
  "aria-label": "Annotate the selection",
  "aria-describedby": "annotation-toolbar-help",
  hidden: true,
});
const toolbarButtons = el("div", { className: "toolbar-buttons" });
const toolbarHelp = el("p", { id: "annotation-toolbar-help", className: "toolbar-help", text: KEY_HELP });
const toolbarMessage = el("p", { className: "toolbar-message", hidden: true });
const signInLink = el("a", { className: "toolbar-signin", href: url("login"), text: "Sign in to highlight" });
// While a note is being moved to new words (review.js), the toolbar offers that instead.
const moveButton = el("button", { type: "button", className: "toolbar-text toolbar-move", "data-action": "move", hidden: true });
const phoneQuery = window.matchMedia("(max-width: 40rem), (pointer: coarse)");
// Where a quick highlight goes: "Sharing to: Only me".
const sharingLine = el("p", { className: "toolbar-sharing", id: "annotation-toolbar-sharing" });
// A tag for a quick highlight, typed in the toolbar (Tag, or t).
const tagInput = el("input", {
  type: "text",
  id: "toolbar-tag-input",
  className: "toolbar-tag-input",
  list: "toolbar-tag-suggestions",
  autocomplete: "off",
  maxlength: 50,
  placeholder: "tag",
  "aria-describedby": "annotation-toolbar-sharing",
});
const tagSuggestionList = el("datalist", { id: "toolbar-tag-suggestions" });
const tagForm = el("form", { className: "toolbar-tag", hidden: true, novalidate: true }, [
  el("label", { for: "toolbar-tag-input", className: "visually-hidden", text: "Tag for a new highlight" }),
  tagInput,
  tagSuggestionList,
  el("button", { type: "submit", className: "toolbar-text toolbar-tag-save", title: "Highlight with this tag (Enter)", text: "Add" }),
]);

let handlers = null; // {highlight(color, keyboard), draft(field), inCard(node)}
let selectionTarget = null; // {start, end, exact} of the selection the toolbar acts on
let shownRange = null; // the selection the toolbar was shown for
let dismissedRange = null; // the selection whose toolbar Escape closed
let toolbarReturnFocus = null;
let selectionTimer = null;
let messageTimer = null;
let pointerIsDown = false;
let keyboardHintGiven = false;
let moving = null; // {label, run(target)} while a note is being moved to new words
let exactSelection = false; // Alt was held while selecting: no snapping to whole words
let suggestTimer = null;

/* handlers.highlight(color, keyboard, tags) and handlers.draft("comment" | "tags") act on
   the selection (see takeTarget); handlers.inCard(node) tells text selected in the card,
   which is not a passage to highlight. */
export function createToolbar(given) {
  handlers = given;
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
  toolbarButtons.appendChild(moveButton);
  if (user) {
    toolbar.appendChild(toolbarButtons);
    toolbar.appendChild(tagForm);
    toolbar.appendChild(sharingLine);
    toolbar.appendChild(toolbarHelp);
    onSharingChange(function (sharing) {
      sharingLine.textContent = "Sharing to: " + sharing.label;
    });
    watchTagForm();
  } else {
    toolbar.setAttribute("aria-label", "Highlighting");
    toolbar.removeAttribute("aria-describedby");
    toolbar.appendChild(signInLink);
  }
  toolbar.appendChild(toolbarMessage);
  document.body.appendChild(toolbar);

  // Keep the selection (and focus) when the toolbar is pressed with a mouse.
  toolbar.addEventListener("mousedown", function (event) {
    if (!event.target.closest("a, input")) event.preventDefault();
  });

  toolbar.addEventListener("click", function (event) {
    var button = event.target.closest("button");
    if (!button || !selectionTarget) return;
    var keyboard = event.detail === 0;
    if (button === moveButton && moving) moving.run(takeTarget());
    else if (button.hasAttribute("data-color")) handlers.highlight(button.getAttribute("data-color"), keyboard);
    else if (button.getAttribute("data-action") === "comment") handlers.draft("comment");
    else if (button.getAttribute("data-action") === "tag") openQuickTag();
  });

  // Arrow keys move between the toolbar's buttons (one tab stop per ARIA toolbar practice).
  toolbar.addEventListener("keydown", function (event) {
    if (event.target === tagInput) return;
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
}

// The toolbar shows when a selection settles: after the pointer is released, or a moment
// after the keys that made it.
export function watchSelection() {
  document.addEventListener(
    "pointerdown",
    function (event) {
      if (toolbar.contains(event.target)) return;
      noteInput("pointer");
      pointerIsDown = true;
      dismissedRange = null;
      exactSelection = event.altKey;
    },
    true
  );

  function pointerEnded(event) {
    if (!pointerIsDown) return;
    pointerIsDown = false;
    exactSelection = exactSelection || event.altKey;
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
    scheduleSelectionCheck(lastInput() === "keyboard" ? 250 : 350);
  });
}

// The selection in the text, or null (nothing selected, or text selected in the card).
export function selectionRange() {
  var selection = window.getSelection();
  if (!selection || !selection.rangeCount || selection.isCollapsed) return null;
  var range = selection.getRangeAt(0);
  if (!range.intersectsNode(article)) return null;
  // Text selected in the card (to copy a comment, say) is not a passage to highlight.
  if (handlers.inCard(range.startContainer) || handlers.inCard(range.endContainer)) return null;
  return range;
}

function scheduleSelectionCheck(delay) {
  window.clearTimeout(selectionTimer);
  selectionTimer = window.setTimeout(checkSelection, delay);
}

// The keyboard changed the selection: look at it again, even if it was dismissed.
export function reconsiderSelection(delay) {
  if (!handlers) return; // no toolbar: a read-only page
  dismissedRange = null;
  scheduleSelectionCheck(delay);
}

// The toolbar does not come back for the current selection (Escape, or the card took over).
export function dismissSelection() {
  var range = selectionRange();
  dismissedRange = range ? copyRange(range) : null;
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
  var target = targetFromRange(range, { exact: exactSelection });
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

function showToolbar(range, message) {
  window.clearTimeout(messageTimer);
  if (message) {
    // A message is brief: it goes by itself, and does not come back for this selection.
    messageTimer = window.setTimeout(function () {
      dismissSelection();
      hideToolbar();
    }, 3500);
  }
  toolbarMessage.hidden = !message;
  toolbarMessage.textContent = message || "";
  tagForm.hidden = true;
  toolbarButtons.hidden = Boolean(message);
  sharingLine.hidden = Boolean(message);
  signInLink.hidden = Boolean(message);
  if (!message && !user) signInLink.href = signInUrl();
  if (message) selectionTarget = null;
  toolbarHelp.hidden = Boolean(message) || lastInput() !== "keyboard";
  toolbar.hidden = false;
  toolbar.classList.toggle("is-message", Boolean(message));
  positionToolbar(range);
  if (user && !message && lastInput() === "keyboard" && !keyboardHintGiven) {
    keyboardHintGiven = true;
    announce("Text selected. Press h to highlight, c to comment, t to tag, or a for the toolbar.");
  }
}

// Selections go to action.run({start, end, exact}) (one button, action.label) until
// endMoving(): the colours and Comment and Tag give way.
export function offerMoving(action) {
  moving = action;
  moveButton.textContent = action.label;
  Array.prototype.forEach.call(toolbarButtons.children, function (button) {
    button.hidden = button !== moveButton;
  });
  hideToolbar();
}

export function endMoving() {
  moving = null;
  Array.prototype.forEach.call(toolbarButtons.children, function (button) {
    button.hidden = button === moveButton;
  });
  hideToolbar();
}

// Alt held while the keyboard selects: the exact selection, not whole words.
export function keepExactSelection(exact) {
  exactSelection = Boolean(exact);
}

// Tag (or t): the tag input in place of the buttons, for a highlight in the first colour.
export function openQuickTag() {
  if (!selectionTarget) return;
  if (!toolbar.contains(document.activeElement)) {
    toolbarReturnFocus = document.activeElement !== document.body ? document.activeElement : null;
  }
  toolbarButtons.hidden = true;
  toolbarHelp.hidden = true;
  tagForm.hidden = false;
  tagInput.value = "";
  tagInput.removeAttribute("aria-invalid");
  tagInput.focus();
  suggestTags("");
}

function closeQuickTag() {
  tagForm.hidden = true;
  toolbarButtons.hidden = false;
}

function suggestTags(query) {
  window.clearTimeout(suggestTimer);
  suggestTimer = window.setTimeout(function () {
    tagSuggestions(query).then(function (names) {
      if (tagInput.value.trim() !== query) return;
      tagSuggestionList.textContent = "";
      names.slice(0, 12).forEach(function (name) {
        tagSuggestionList.appendChild(el("option", { value: name }));
      });
    });
  }, query ? 150 : 0);
}

function watchTagForm() {
  tagForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var tags = tagInput.value
      .split(",")
      .map(function (name) {
        return name.replace(/\s+/g, " ").trim();
      })
      .filter(Boolean);
    if (!tags.length) {
      tagInput.setAttribute("aria-invalid", "true");
      announce("Type a tag, then press Enter.");
      tagInput.focus();
      return;
    }
    if (!selectionTarget) return;
    handlers.highlight(COLORS[0], lastInput() === "keyboard", tags);
  });
  tagInput.addEventListener("input", function () {
    tagInput.removeAttribute("aria-invalid");
    suggestTags(tagInput.value.trim());
  });
  tagInput.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    // Escape leaves the tag input and the toolbar, as it does from the buttons.
    event.preventDefault();
    event.stopPropagation();
    closeQuickTag();
    dismissSelection();
    hideToolbar();
  });
}

export function hideToolbar() {
  if (toolbar.hidden) return;
  var hadFocus = toolbar.contains(document.activeElement);
  toolbar.hidden = true;
  closeQuickTag();
  selectionTarget = null;
  shownRange = null;
  keyboardHintGiven = false;
  if (hadFocus) {
    if (toolbarReturnFocus && toolbarReturnFocus.isConnected) toolbarReturnFocus.focus({ preventScroll: true });
    else document.activeElement.blur();
  }
  toolbarReturnFocus = null;
}

export function toolbarShown() {
  return !toolbar.hidden;
}

export function toolbarContains(node) {
  return toolbar.contains(node);
}

// Whether the toolbar has a selection to act on (not a message about one).
export function hasTarget() {
  return Boolean(selectionTarget);
}

// The selection the toolbar acts on, taken: the toolbar goes, and the selection with it.
export function takeTarget() {
  var target = selectionTarget;
  if (!target) return null;
  toolbarReturnFocus = null;
  hideToolbar();
  clearSelection();
  return target;
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

export function focusToolbar() {
  toolbarReturnFocus = document.activeElement !== document.body ? document.activeElement : null;
  var first = toolbar.querySelector("button:not([hidden]), a:not([hidden])");
  if (first) first.focus();
}

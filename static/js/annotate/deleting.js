/* Deleting, with Undo: the highlight goes at once, focus goes back to its paragraph, and
   Undo (the toast's button, or Ctrl+Z / Cmd+Z while it shows) brings back the same
   annotation: the server keeps a deleted one for a day (annotations/trash.py) and puts
   it back with its id, time, tags and replies. */
import { isTyping } from "../dom.js";
import { errorMessage, request } from "../api.js";
import { url } from "./page.js";
import { applyRecord, detailsOf, keepDetails } from "./store.js";
import { addAnnotation, focusAnnotation, removeAnnotation } from "./highlighter.js";
import { announce, clearToast, toast, toastHasFocus } from "./live.js";
import { closeCard, currentCard } from "./card.js";

let pendingUndo = null; // the latest delete's undo, while its toast shows

export function askOrDelete(annotation) {
  deleteAnnotation(annotation);
}

function deleteAnnotation(annotation) {
  var record = detailsOf(annotation);
  var cardState = currentCard();
  var block = cardState && cardState.block;
  closeCard(false);
  removeAnnotation(annotation);
  var deleted = request("DELETE", url("annotation", annotation.id)).then(function (result) {
    if (result.ok || result.status === 404) return true;
    addAnnotation(annotation);
    if (record) keepDetails(annotation, record);
    clearToast();
    pendingUndo = null;
    toast("Not deleted: " + errorMessage(result));
    return false;
  });
  var replies = annotation.reply_count || 0;
  var text = replies ? "Highlight and its " + (replies === 1 ? "reply" : replies + " replies") + " deleted." : "Highlight deleted.";
  var undo = function () {
    pendingUndo = null;
    clearToast();
    deleted.then(function (done) {
      if (done) restore(annotation, record);
    });
  };
  var button = toast(text, { label: "Undo", block: block, run: undo });
  // Ctrl+Z undoes only while the toast offers it.
  pendingUndo = function () {
    if (button && button.isConnected) undo();
  };
  // Back to the text where the highlight was, so that reading (and selecting) goes on there.
  if (block) focusParagraph(block);
  announce(text + " Undo with Control+Z.");
}

// The paragraph's text itself takes focus (Shift+arrows select from there: keyboard.js).
export function focusParagraph(block) {
  var text = block.querySelector(".t") || block;
  if (!text.hasAttribute("tabindex")) text.setAttribute("tabindex", "-1");
  text.focus({ preventScroll: true });
}

// Undo: the same annotation back, drawn at once; the server's answer confirms it.
function restore(annotation, record) {
  addAnnotation(annotation);
  if (record) keepDetails(annotation, record);
  if (!toastHasFocus()) focusAnnotation(annotation);
  request("POST", url("annotation_restore", annotation.id)).then(function (result) {
    if (result.status === 201 && result.data) {
      applyRecord(annotation, result.data);
      announce("Highlight restored.");
    } else {
      removeAnnotation(annotation);
      toast("Not restored: " + errorMessage(result));
    }
  });
}

document.addEventListener("keydown", function (event) {
  if (!pendingUndo || event.key.toLowerCase() !== "z" || !(event.ctrlKey || event.metaKey) || event.shiftKey) return;
  if (isTyping(event.target)) return;
  event.preventDefault();
  pendingUndo();
});

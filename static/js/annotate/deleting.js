/* Deleting, with Undo: the highlight goes at once, and Undo brings it back (with a new
   id); one with replies asks first, since Undo could not bring the replies back. */
import { el } from "../dom.js";
import { errorMessage, request } from "../api.js";
import { page, url } from "./page.js";
import { detailsOf, keepDetails, temporary } from "./store.js";
import { addAnnotation, focusAnnotation, focusBlock, removeAnnotation, settle } from "./highlighter.js";
import { announce, clearToast, toast, toastHasFocus } from "./live.js";
import { cardBody, closeCard, currentCard } from "./card.js";

export function askOrDelete(annotation, keyboard) {
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
  var record = detailsOf(annotation);
  var cardState = currentCard();
  var block = cardState && cardState.block;
  closeCard(false);
  removeAnnotation(annotation);
  request("DELETE", url("annotation", annotation.id)).then(function (result) {
    if (result.ok || result.status === 404) return;
    addAnnotation(annotation);
    if (record) keepDetails(annotation, record);
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
  request("POST", url("annotations"), {
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
      if (!toastHasFocus()) focusAnnotation(again);
      announce("Highlight restored.");
    } else {
      removeAnnotation(again);
      toast("Not restored: " + errorMessage(result));
    }
  });
}

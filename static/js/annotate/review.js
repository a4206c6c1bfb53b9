/* Highlights a new version of the text moved (issue 13). A fuzzy one, placed on words
   that were edited, is drawn with a "moved" mark; its card shows the old words against
   the new ones and gives its author three choices: keep it here (accept), choose other
   words (reselect) or detach it (it keeps its old words, listed under the paragraph).
   Notes whose words are gone (orphans) are listed under their paragraph by the server
   (reader/orphans.py); their author chooses new words for them here.

   Choosing words: the toolbar offers "Move the note here" for a selection instead of the
   colours, until the move is done or cancelled (a bar at the foot of the screen). */
import { el } from "../dom.js";
import { errorMessage, request } from "../api.js";
import { article, page, url } from "./page.js";
import { applyRecord, storeAnnotation } from "./store.js";
import { redraw, removeAnnotation, focusAnnotation } from "./highlighter.js";
import { announce, toast } from "./live.js";
import { endMoving, offerMoving } from "./toolbar.js";
import { closeCard, currentCard, refreshCardFor } from "./card.js";

const TOKEN = /[\p{L}\p{N}_]+|\s+|[^\p{L}\p{N}_\s]/gu;
// Beyond this many token pairs the diff is shown as old words, then new ones.
const MAX_CELLS = 4000000;

let bar = null;

/* The card's note on a fuzzy highlight: fill(record) adds the diff and the choices. */
export function movedNote(annotation, status) {
  var box = el("div", { className: "card-moved", role: "note" }, [
    el("p", { className: "card-moved-title", text: "Moved by a new version of the text: please check." }),
  ]);
  return {
    element: box,
    fill: function (record) {
      if (record.anchor !== "fuzzy") {
        box.hidden = true;
        return;
      }
      var diff = el("p", { className: "card-moved-diff" }, [el("span", { className: "card-moved-label", text: "Was → now: " })]);
      wordDiff(record.previous_exact || "", record.exact || "").forEach(function (piece) {
        diff.appendChild(pieceElement(piece));
      });
      box.appendChild(diff);
      if (!annotation.mine || page.read_only) {
        box.appendChild(el("p", { className: "card-moved-help", text: "Its author has not checked it yet." }));
        return;
      }
      var keep = el("button", { type: "button", className: "secondary", text: "Keep it here" });
      var choose = el("button", { type: "button", className: "secondary", text: "Choose other words" });
      var detach = el("button", { type: "button", className: "secondary", text: "Detach" });
      keep.addEventListener("click", function () {
        review(annotation, { action: "accept" }, status).then(function (record) {
          if (!record) return;
          announce("Kept where it is.");
          refreshCardFor(annotation);
        });
      });
      choose.addEventListener("click", function () {
        closeCard(false);
        chooseWords(annotation, "its highlight");
      });
      detach.addEventListener("click", function () {
        review(annotation, { action: "detach" }, status).then(function (record) {
          if (!record) return;
          removeAnnotation(annotation);
          closeCard(false);
          toast("Detached: it keeps its old words, listed under the paragraph after a reload.");
        });
      });
      box.appendChild(el("div", { className: "card-moved-actions" }, [keep, choose, detach]));
    },
  };
}

/* The orphans the server listed: their author's "Choose new words" buttons. */
export function watchOrphans() {
  if (!article) return;
  var buttons = document.querySelectorAll('.orphan button[data-review="reselect"]');
  Array.prototype.forEach.call(buttons, function (button) {
    button.closest(".orphan-actions").hidden = false;
    button.addEventListener("click", function () {
      var item = button.closest(".orphan");
      chooseWords({ id: button.getAttribute("data-id"), orphan: item }, "the note");
    });
  });
}

// POST a review; resolves to the annotation's new record, or null (the message shown).
function review(annotation, body, status) {
  return request("POST", url("annotation_review", annotation.id), body).then(function (result) {
    if (!result.ok || !result.data) {
      var message = "Not changed: " + errorMessage(result);
      if (status) status.textContent = message;
      else toast(message);
      return null;
    }
    if (annotation.orphan) return result.data;
    var oldStart = annotation.start;
    var oldEnd = annotation.end;
    annotation.anchor = result.data.anchor;
    annotation.start = result.data.start;
    annotation.end = result.data.end;
    applyRecord(annotation, result.data);
    redraw(oldStart, oldEnd);
    redraw(annotation.start, annotation.end);
    return result.data;
  });
}

function chooseWords(annotation, what) {
  cancelChoosing();
  var cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
  bar = el("div", { className: "review-bar", role: "region", "aria-label": "Moving a note" }, [
    el("p", { text: "Select the words for " + what + " in the text, then press “Move the note here”." }),
    cancel,
  ]);
  cancel.addEventListener("click", cancelChoosing);
  document.body.appendChild(bar);
  document.addEventListener("keydown", escapeCancels, true);
  announce("Select the words for " + what + ", then press Move the note here.");
  offerMoving({
    label: "Move the note here",
    run: function (target) {
      if (!target) return;
      review(annotation, { action: "reselect", start: target.start, end: target.end, exact: target.exact }).then(function (record) {
        if (!record) return;
        cancelChoosing();
        if (annotation.orphan) settleOrphan(annotation.orphan, record);
        else focusAnnotation(annotation);
        announce("Moved to the words you chose.");
      });
    },
  });
}

function escapeCancels(event) {
  // Escape closes an open card first (keyboard.js), and the move the next time.
  if (event.key !== "Escape" || !bar || currentCard()) return;
  cancelChoosing();
}

function cancelChoosing() {
  if (!bar) return;
  bar.remove();
  bar = null;
  document.removeEventListener("keydown", escapeCancels, true);
  endMoving();
}

// An orphan with new words: a highlight like any other, gone from the list.
function settleOrphan(item, record) {
  var annotation = {
    id: record.id,
    start: record.start,
    end: record.end,
    color: record.color,
    author: record.author,
    mine: true,
    visibility: record.visibility,
    circle: record.circle || null,
    hidden: Boolean(record.hidden),
    tags: record.tags || [],
    has_comment: Boolean(record.comment),
    reply_count: 0,
    anchor: record.anchor,
  };
  storeAnnotation(annotation);
  applyRecord(annotation, record);
  redraw(annotation.start, annotation.end);
  var aside = item.closest(".orphans");
  item.remove();
  if (aside && !aside.querySelector(".orphan")) aside.remove();
  focusAnnotation(annotation);
}

function pieceElement(piece) {
  if (piece[0] === "equal") return document.createTextNode(piece[1]);
  var tag = piece[0] === "delete" ? "del" : "ins";
  return el(tag, {}, [el("span", { className: "visually-hidden", text: piece[0] === "delete" ? "removed: " : "added: " }), document.createTextNode(piece[1])]);
}

/* Two short texts' differences word by word: ["equal" | "delete" | "insert", text]
   pieces (the longest common run of tokens, as annotations/alignment.py word_diff). */
export function wordDiff(oldText, newText) {
  var a = oldText.match(TOKEN) || [];
  var b = newText.match(TOKEN) || [];
  if (a.length * b.length > MAX_CELLS) return [["delete", oldText], ["insert", newText]];
  var n = a.length;
  var m = b.length;
  // lengths[i][j]: the longest common subsequence of a[i:] and b[j:].
  var lengths = [];
  for (var i = 0; i <= n; i++) lengths.push(new Uint32Array(m + 1));
  for (i = n - 1; i >= 0; i--) {
    for (var j = m - 1; j >= 0; j--) {
      lengths[i][j] = a[i] === b[j] ? lengths[i + 1][j + 1] + 1 : Math.max(lengths[i + 1][j], lengths[i][j + 1]);
    }
  }
  var pieces = [];
  function push(kind, token) {
    var last = pieces[pieces.length - 1];
    if (last && last[0] === kind) last[1] += token;
    else pieces.push([kind, token]);
  }
  i = 0;
  j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      push("equal", a[i]);
      i++;
      j++;
    } else if (lengths[i + 1][j] >= lengths[i][j + 1]) push("delete", a[i++]);
    else push("insert", b[j++]);
  }
  while (i < n) push("delete", a[i++]);
  while (j < m) push("insert", b[j++]);
  return pieces;
}

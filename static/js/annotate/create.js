/* Creating: a highlight in one click, drawn at once and saved behind it; or a pending
   highlight with the card's form for its comment or tags. */
import { errorMessage, request } from "../api.js";
import { COLORS, page, url, user } from "./page.js";
import { isShown, temporary } from "./store.js";
import { addAnnotation, focusAnnotation, markOf, removeAnnotation, settle } from "./highlighter.js";
import { announce, toast } from "./live.js";
import { takeTarget } from "./toolbar.js";
import { closeCard, currentCard, openCard, refreshCardFor } from "./card.js";

// One click: the highlight is drawn at once and saved behind it.
export function highlight(color, keyboard) {
  var target = takeTarget();
  if (!target) return;
  var annotation = temporary(target, color);
  addAnnotation(annotation);
  if (keyboard) focusAnnotation(annotation);
  announce("Highlighted in " + color + ".");
  request("POST", url("annotations"), {
    document: page.document,
    start: target.start,
    end: target.end,
    exact: target.exact,
    color: color,
    visibility: "private",
  }).then(function (result) {
    if (!isShown(annotation)) return;
    if (result.status === 201 && result.data) {
      settle(annotation, result.data);
      refreshCardFor(annotation);
      hiddenByLayer(annotation);
    } else {
      removeAnnotation(annotation);
      var state = currentCard();
      if (state && state.annotation === annotation) closeCard(false);
      toast("Not highlighted: " + errorMessage(result));
    }
  });
}

// Own highlights show after a reload in the "mine" layer (or all); say so when it is off.
export function hiddenByLayer(annotation) {
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

// Comment or Tag from the toolbar: a pending highlight and the card's form for it.
export function startDraft(field) {
  var target = takeTarget();
  if (!target) return;
  var annotation = temporary(target, COLORS[0]);
  annotation.pending = true;
  annotation.saving = false;
  addAnnotation(annotation);
  openCard({ mode: "edit", annotation: annotation, items: [annotation], index: 0, isNew: true, opener: markOf(annotation), focusField: field });
}

/* Creating: a highlight in one click, drawn at once and saved behind it, shared as the
   "Sharing to" choice says (sharing.js), with a tag if one was typed in the toolbar; or
   a pending highlight with the card's form for its comment or tags. */
import { errorMessage, fieldErrors, request } from "../api.js";
import { COLORS, page, url, user } from "./page.js";
import { isShown, temporary } from "./store.js";
import { addAnnotation, focusAnnotation, markOf, removeAnnotation, settle } from "./highlighter.js";
import { announce, toast } from "./live.js";
import { takeTarget } from "./toolbar.js";
import { closeCard, currentCard, openCard, refreshCardFor } from "./card.js";
import { fallBackToOnlyMe, sharing } from "./sharing.js";
import { forgetTagSuggestions } from "./tag-editor.js";

// One click: the highlight is drawn at once and saved behind it. tags: from the toolbar's
// tag input, or none.
export function highlight(color, keyboard, tags) {
  var target = takeTarget();
  if (!target) return;
  var annotation = temporary(target, color);
  var to = sharing();
  shareAs(annotation, to);
  annotation.tags = (tags || []).slice();
  addAnnotation(annotation);
  if (keyboard) focusAnnotation(annotation);
  announce("Highlighted in " + color + (to.visibility === "private" ? "." : ", shared with " + to.label + ".") + (annotation.tags.length ? " Tagged " + annotation.tags.join(", ") + "." : ""));
  var body = {
    document: page.document,
    start: target.start,
    end: target.end,
    exact: target.exact,
    color: color,
    tags: annotation.tags,
    visibility: to.visibility,
    circle: to.circle || undefined,
  };
  request("POST", url("annotations"), body).then(function answered(result) {
    if (!isShown(annotation)) return;
    if (result.status === 400 && body.visibility === "circle" && fieldErrors(result.data).circle) {
      // No longer in that circle: kept for Only me, as the Sharing to choice now says.
      fallBackToOnlyMe();
      body.visibility = "private";
      body.circle = undefined;
      shareAs(annotation, sharing());
      request("POST", url("annotations"), body).then(answered);
      return;
    }
    if (result.status === 201 && result.data) {
      settle(annotation, result.data);
      if (body.tags.length) forgetTagSuggestions();
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

function shareAs(annotation, to) {
  annotation.visibility = to.visibility;
  annotation.circle = to.circle || null;
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
  // The card's "Who can see it" starts at the Sharing to choice.
  shareAs(annotation, sharing());
  annotation.pending = true;
  annotation.saving = false;
  addAnnotation(annotation);
  openCard({ mode: "edit", annotation: annotation, items: [annotation], index: 0, isNew: true, opener: markOf(annotation), focusField: field });
}

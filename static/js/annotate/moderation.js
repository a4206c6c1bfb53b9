/* Moderation in the card: a circle's owners and moderators hide an annotation from the
   circle's members and show it again; its author sees it marked, and may ask them to look
   at it again. (Replies are hidden the same way, in replies.js.) */
import { el } from "../dom.js";
import { errorMessage, request } from "../api.js";
import { canModerate, url } from "./page.js";
import { applyRecord } from "./store.js";
import { redraw } from "./highlighter.js";
import { announce, toast } from "./live.js";
import { cardTitle, currentCard, positionCard, renderCard } from "./card.js";

// The mark on a hidden annotation, with what follows from it (an author's request, say).
export function hiddenBadge(extra) {
  return el("p", { className: "card-hidden" }, [
    el("strong", { className: "card-badge", text: "Hidden by a moderator" }),
    " ",
    el("span", { text: "Only its author and the circle’s owners and moderators see it." }),
    extra ? " " : null,
    extra,
  ]);
}

// Its author asks the circle's moderators to look again at an annotation they hid.
export function reviewButton(annotation, status) {
  if (annotation.review_requested) return reviewRequested();
  var button = el("button", {
    type: "button",
    className: "link-button card-review",
    text: "Ask for review",
    title: "Ask the circle’s owners and moderators to look at it again",
  });
  button.addEventListener("click", function () {
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    status.textContent = "";
    request("POST", url("request_review", annotation.id)).then(function (result) {
      button.removeAttribute("aria-busy");
      if (!result.ok || !result.data) {
        if (button.isConnected) status.textContent = errorMessage(result);
        else toast("Review not requested: " + errorMessage(result));
        positionCard();
        return;
      }
      var wasHidden = annotation.hidden;
      annotation.review_requested = true;
      applyRecord(annotation, result.data);
      if (wasHidden !== annotation.hidden) redraw(annotation.start, annotation.end);
      announce("Review requested.");
      if (!button.isConnected) return;
      var hadFocus = button === document.activeElement;
      button.parentNode.replaceChild(reviewRequested(), button);
      if (hadFocus) cardTitle.focus();
    });
  });
  return button;
}

function reviewRequested() {
  return el("span", { className: "card-review", text: "Review requested" });
}

// The page data says what the reader's role in the circle of ``record`` lets them do.
export function mayModerate(record) {
  return record.visibility === "circle" && Boolean(record.circle) && canModerate(record.circle);
}

// Hide (or show again) the annotation or reply ``id`` (``kind``), one request at a time
// from ``button``: null while one is on its way.
export function moderationRequest(button, kind, id, hide) {
  if (button.getAttribute("aria-busy") === "true") return null;
  button.setAttribute("aria-busy", "true");
  return request("POST", url(kind + (hide ? "_hide" : "_unhide"), id)).then(function (result) {
    button.removeAttribute("aria-busy");
    return result;
  });
}

// What a toast says when hiding or showing again failed out of sight.
export function moderationFailed(hide, result) {
  return (hide ? "Not hidden: " : "Not shown again: ") + errorMessage(result);
}

export function moderationButton(annotation, hidden, status) {
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
  var sent = moderationRequest(button, "annotation", annotation.id, hide);
  if (!sent) return;
  status.textContent = "";
  sent.then(function (result) {
    var hadFocus = button === document.activeElement;
    if (result.ok && result.data) {
      var wasHidden = annotation.hidden;
      applyRecord(annotation, result.data);
      if (wasHidden !== annotation.hidden) redraw(annotation.start, annotation.end);
      announce(hide ? "Hidden from the circle." : "Shown to the circle again.");
      var cardState = currentCard();
      if (button.isConnected && cardState && cardState.mode === "view" && cardState.annotation === annotation) {
        // Focus goes on to the button that undoes it (Unhide after Hide), once it is there.
        cardState.focusModeration = hadFocus;
        renderCard();
      }
      return;
    }
    if (!button.isConnected) {
      toast(moderationFailed(hide, result));
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

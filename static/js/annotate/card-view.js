/* The card's reading modes: the list behind a margin count, and one annotation with its
   quote, comment, tags, author, time, reactions, replies and the actions the reader may
   take (Edit and Delete for its author, Hide or Unhide for the circle's moderators). */
import { el } from "../dom.js";
import { errorMessage } from "../api.js";
import { circleName } from "./page.js";
import { pageQuote } from "./offsets.js";
import { loadDetails } from "./store.js";
import { colorOf } from "./highlighter.js";
import { capitalised, timeElement } from "./format.js";
import { cardBody, cardTitle, currentCard, positionCard, renderCard, renderToken, setTitle } from "./card.js";
import { askOrDelete } from "./deleting.js";
import { hiddenBadge, mayModerate, moderationButton, reviewButton } from "./moderation.js";
import { showReactionsFor } from "./reactions.js";
import { renderReplies } from "./replies.js";
import { movedNote } from "./review.js";

function annotationTitle(annotation) {
  if (annotation.pending) return "New highlight";
  return annotation.mine ? "Your highlight" : "Highlight by " + annotation.author;
}

/* The list behind a margin count: every annotation on the paragraph. */
export function renderList() {
  var cardState = currentCard();
  var items = cardState.items;
  setTitle(items.length + (items.length === 1 ? " annotation" : " annotations") + " on this paragraph");
  var list = el("ul", { className: "card-list" });
  items.forEach(function (annotation, index) {
    var meta = [annotation.mine ? "You" : annotation.author];
    if (annotation.visibility === "public" && annotation.mine) meta.push("public");
    if (annotation.visibility === "circle") meta.push(circleName(annotation.circle));
    if (annotation.hidden) meta.push("hidden");
    if (annotation.has_comment) meta.push("comment");
    if (annotation.reply_count) meta.push(annotation.reply_count + (annotation.reply_count === 1 ? " reply" : " replies"));
    if (annotation.tags && annotation.tags.length) meta.push(annotation.tags.map(function (t) { return "#" + t; }).join(" "));
    var button = el("button", { type: "button", className: "card-list-item" }, [
      el("span", { className: "card-dot", "data-color": colorOf(annotation), "aria-hidden": "true" }),
      el("span", { className: "card-list-quote", text: "“" + pageQuote(annotation, 140) + "”" }),
      el("span", { className: "card-list-meta", text: meta.join(" · ") }),
    ]);
    button.addEventListener("click", function (event) {
      cardState.mode = "view";
      cardState.index = index;
      cardState.annotation = annotation;
      cardState.fromList = true;
      renderCard();
      if (event.detail === 0) cardTitle.focus();
    });
    list.appendChild(el("li", {}, [button]));
  });
  cardBody.appendChild(list);
}

export function renderView() {
  var cardState = currentCard();
  var items = cardState.items;
  var annotation = items[cardState.index];
  cardState.annotation = annotation;
  var token = renderToken();
  setTitle(annotationTitle(annotation));
  if (cardState.fromList) {
    var back = el("button", { type: "button", className: "link-button card-back", text: "← All on this paragraph" });
    back.addEventListener("click", function (event) {
      cardState.mode = "list";
      cardState.fromList = false;
      renderCard();
      if (event.detail === 0) cardTitle.focus();
    });
    cardBody.appendChild(back);
  } else if (items.length > 1) {
    cardBody.appendChild(pager(items, cardState.index));
  }
  var status = el("p", { className: "card-status", role: "alert" });
  // Its author may ask the moderators who hid it to look again.
  var hiddenNote = hiddenBadge(annotation.mine ? reviewButton(annotation, status) : null);
  hiddenNote.hidden = !annotation.hidden;
  cardBody.appendChild(hiddenNote);
  var moved = annotation.anchor === "fuzzy" ? movedNote(annotation, status) : null;
  if (moved) cardBody.appendChild(moved.element);
  var quote = el("blockquote", { className: "card-quote", "data-color": colorOf(annotation), text: pageQuote(annotation) });
  cardBody.appendChild(quote);
  var comment = el("div", { className: "card-comment" });
  cardBody.appendChild(comment);
  var tags = tagList(annotation.tags || []);
  if (tags) cardBody.appendChild(tags);
  var metaTime = el("span", { className: "card-time", hidden: true });
  var meta = el("p", { className: "card-meta" }, [
    el("span", { className: "card-dot", "data-color": colorOf(annotation), "aria-hidden": "true" }),
    el("span", { className: "card-color", text: capitalised(colorOf(annotation)) }),
    el("span", { className: "card-author", text: annotation.mine ? "you" : annotation.author }),
    metaTime,
  ]);
  meta.appendChild(el("span", { className: "visibility visibility-" + annotation.visibility, text: visibilityLabel(annotation) }));
  cardBody.appendChild(meta);
  // Agree, disagree, question: filled in once the counts have come.
  var reactions = el("div", { className: "card-reactions-slot" });
  cardBody.appendChild(reactions);
  // The author's Edit and Delete; a moderator's Hide or Unhide joins them once known.
  var actions = el("div", { className: "card-actions", hidden: true });
  if (annotation.mine && !annotation.saving && !annotation.pending) {
    var edit = el("button", { type: "button", className: "secondary", text: "Edit" });
    var remove = el("button", { type: "button", className: "secondary danger", text: "Delete" });
    edit.disabled = true;
    remove.disabled = true;
    edit.addEventListener("click", function () {
      cardState.mode = "edit";
      cardState.isNew = false;
      renderCard();
    });
    remove.addEventListener("click", function (event) {
      askOrDelete(annotation, event.detail === 0);
    });
    actions.appendChild(edit);
    actions.appendChild(remove);
    actions.hidden = false;
  }
  cardBody.appendChild(actions);
  cardBody.appendChild(status);
  if (annotation.saving) {
    status.textContent = "Saving…";
    return;
  }
  var replies = el("section", { className: "card-replies", "aria-labelledby": "card-replies-title" });
  cardBody.appendChild(replies);
  loadDetails(annotation).then(function (result) {
    if (token !== renderToken()) return;
    if (!result.ok) {
      status.textContent = errorMessage(result);
      return;
    }
    var record = result.data;
    quote.textContent = record.exact;
    // Rendered from Markdown and sanitised by the server (bleach): safe to insert as HTML.
    if (record.comment_html) comment.innerHTML = record.comment_html;
    hiddenNote.hidden = !record.hidden;
    if (moved) moved.fill(record);
    var time = timeElement(record.created);
    if (time) {
      metaTime.appendChild(time);
      metaTime.hidden = false;
    }
    Array.prototype.forEach.call(actions.querySelectorAll("button"), function (button) {
      button.disabled = false;
    });
    showReactionsFor(annotation, record, reactions, status);
    if (mayModerate(record)) {
      var moderation = moderationButton(annotation, record.hidden, status);
      actions.appendChild(moderation);
      actions.hidden = false;
      if (cardState.focusModeration) moderation.focus();
      cardState.focusModeration = false;
    }
    positionCard();
  });
  renderReplies(annotation, replies, token);
}

function visibilityLabel(annotation) {
  if (annotation.visibility === "public") return "Public";
  if (annotation.visibility === "private") return "Private";
  if (annotation.visibility === "circle") return "Shared with " + circleName(annotation.circle);
  return capitalised(String(annotation.visibility));
}

function pager(items, index) {
  var previous = el("button", { type: "button", className: "secondary", "aria-label": "Previous highlight here", text: "‹" });
  var next = el("button", { type: "button", className: "secondary", "aria-label": "Next highlight here", text: "›" });
  var position = el("span", { className: "card-pager-position", text: index + 1 + " of " + items.length });
  function go(step) {
    return function () {
      var cardState = currentCard();
      cardState.index = (cardState.index + step + items.length) % items.length;
      renderCard();
      var again = cardBody.querySelector(".card-pager button:" + (step < 0 ? "first-child" : "last-child"));
      if (again) again.focus();
    };
  }
  previous.addEventListener("click", go(-1));
  next.addEventListener("click", go(1));
  return el("div", { className: "card-pager", role: "group", "aria-label": "Highlights here" }, [previous, position, next]);
}

function tagList(tags) {
  if (!tags.length) return null;
  return el(
    "ul",
    { className: "card-tags", "aria-label": "Tags" },
    tags.map(function (tag) {
      return el("li", { text: tag });
    })
  );
}

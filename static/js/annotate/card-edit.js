/* The card's form: a new highlight's or the author's own, with its colour, comment, tags
   and who can see it (only me, one of the reader's circles, everyone). Errors show by
   their field; what belongs to no field (a 403's or a 409's detail) under the form. */
import { el } from "../dom.js";
import { errorMessage, fieldErrors, request } from "../api.js";
import { CIRCLES, COLORS, circleName, isMember, page, url } from "./page.js";
import { pageQuote } from "./offsets.js";
import { applyRecord, detailsOf } from "./store.js";
import { colorOf, markOf, redraw, removeAnnotation, settle } from "./highlighter.js";
import { capitalised } from "./format.js";
import { announce, toast } from "./live.js";
import { card, cardBody, cardTitle, closeCard, currentCard, renderCard, setTitle } from "./card.js";
import { hiddenByLayer } from "./create.js";
import { forgetTagSuggestions, tagEditor } from "./tag-editor.js";

export function renderEdit() {
  var cardState = currentCard();
  var annotation = cardState.annotation;
  var isNew = Boolean(cardState.isNew);
  var record = detailsOf(annotation) || {};
  card.classList.add("is-editing");
  setTitle(isNew ? "New highlight" : "Edit your highlight");
  var form = el("form", { className: "card-form", novalidate: true });
  form.appendChild(el("blockquote", { className: "card-quote", "data-color": colorOf(annotation), text: record.exact || annotation.exact || pageQuote(annotation) }));

  var colours = el("fieldset", { className: "card-colors" }, [el("legend", { text: "Colour" })]);
  COLORS.forEach(function (color) {
    var input = el("input", { type: "radio", name: "color", value: color, className: "visually-hidden" });
    input.checked = color === annotation.color;
    input.addEventListener("change", function () {
      // A new highlight shows its colour as it is chosen.
      if (isNew && input.checked) {
        annotation.color = color;
        redraw(annotation.start, annotation.end);
        form.querySelector(".card-quote").setAttribute("data-color", color);
      }
    });
    colours.appendChild(
      el("label", { className: "color-choice", "data-color": color, title: capitalised(color) }, [
        input,
        el("span", { className: "color-choice-swatch", "aria-hidden": "true" }),
        el("span", { className: "visually-hidden", text: capitalised(color) }),
      ])
    );
  });
  colours.appendChild(fieldError("color"));
  form.appendChild(colours);

  var commentId = "card-comment";
  var comment = el("textarea", { id: commentId, name: "comment", rows: 4, "aria-describedby": "card-comment-help card-error-comment" });
  comment.value = record.comment || "";
  form.appendChild(el("div", { className: "card-field" }, [
    el("label", { for: commentId, text: "Comment" }),
    comment,
    el("p", { id: "card-comment-help", className: "card-help", text: "Markdown: *italic*, **bold**, [link](url)" }),
    fieldError("comment"),
  ]));

  var tags = tagEditor((record.tags || annotation.tags || []).slice(), fieldError("tags"));
  form.appendChild(tags.element);

  // Only me, each of the reader's circles, everyone: a value of "circle:<slug>" shares it.
  var current = visibilityChoice(annotation);
  var choices = [["private", "Only me"]];
  CIRCLES.forEach(function (circle) {
    choices.push(["circle:" + circle.slug, "Circle: " + circle.name]);
  });
  // A circle its author has since left: offered as it is, so that saving keeps it.
  if (annotation.visibility === "circle" && !isMember(annotation.circle)) {
    choices.push([current, "Circle: " + circleName(annotation.circle)]);
  }
  choices.push(["public", "Everyone"]);
  var visibility = el("fieldset", { className: "card-visibility" + (choices.length > 2 ? " is-stacked" : "") }, [
    el("legend", { text: "Who can see it" }),
  ]);
  choices.forEach(function (choice) {
    var input = el("input", { type: "radio", name: "visibility", value: choice[0] });
    input.checked = current === choice[0];
    visibility.appendChild(el("label", {}, [input, " " + choice[1]]));
  });
  visibility.appendChild(fieldError("visibility"));
  visibility.appendChild(fieldError("circle"));
  form.appendChild(visibility);

  var general = el("p", { className: "card-status", role: "alert", id: "card-error-general" });
  form.appendChild(general);
  var save = el("button", { type: "submit", text: "Save" });
  var cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
  form.appendChild(el("div", { className: "card-actions" }, [save, cancel]));
  cardBody.appendChild(form);

  cancel.addEventListener("click", function () {
    if (isNew) {
      closeCard(true);
    } else {
      cardState.mode = "view";
      renderCard();
      cardTitle.focus();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var values = {
      color: (form.querySelector("input[name=color]:checked") || {}).value || COLORS[0],
      comment: comment.value,
      tags: tags.values(),
    };
    var chosen = (form.querySelector("input[name=visibility]:checked") || {}).value || "private";
    // Sent only when it changes: a circle its author has left cannot be chosen again.
    if (isNew || chosen !== current) {
      values.visibility = chosen.indexOf("circle:") === 0 ? "circle" : chosen;
      // null takes an annotation out of its circle.
      values.circle = values.visibility === "circle" ? chosen.slice("circle:".length) : null;
    }
    clearErrors(form);
    save.disabled = true;
    save.textContent = "Saving…";
    annotation.saving = true;
    var done = isNew
      ? request("POST", url("annotations"), {
          document: page.document,
          start: annotation.start,
          end: annotation.end,
          exact: annotation.exact,
          color: values.color,
          comment: values.comment,
          tags: values.tags,
          visibility: values.visibility,
          circle: values.circle,
        })
      : request("PATCH", url("annotation", annotation.id), values);
    done.then(function (result) {
      annotation.saving = false;
      // The card may have been closed while this was saving: the page is updated all the same.
      var state = currentCard();
      var showing = Boolean(state && state.annotation === annotation && state.mode === "edit");
      if (!result.ok || !result.data) {
        if (showing) {
          save.disabled = false;
          save.textContent = "Save";
          showErrors(form, result);
        } else {
          if (isNew) removeAnnotation(annotation);
          toast("Not saved: " + errorMessage(result));
        }
        return;
      }
      // Moving to another circle, or out of one, also ends a moderator's hiding.
      var looksChanged = annotation.color !== result.data.color || Boolean(annotation.hidden) !== Boolean(result.data.hidden);
      if (isNew) {
        settle(annotation, result.data);
        hiddenByLayer(annotation);
      } else {
        applyRecord(annotation, result.data);
        if (looksChanged) redraw(annotation.start, annotation.end);
      }
      if (values.tags.length) forgetTagSuggestions();
      if (!showing) return;
      state.isNew = false;
      if (isNew) state.opener = markOf(annotation);
      announce(isNew ? "Highlight saved." : "Changes saved.");
      state.mode = "view";
      state.items = state.items.indexOf(annotation) >= 0 ? state.items : [annotation];
      state.index = state.items.indexOf(annotation);
      renderCard();
      cardTitle.focus();
    });
  });

  window.setTimeout(function () {
    var state = currentCard();
    if (state && state.mode === "edit") {
      if (state.focusField === "tags") tags.input.focus();
      else comment.focus();
      state.focusField = null;
    }
  }, 0);
}

function visibilityChoice(annotation) {
  if (annotation.visibility === "circle" && annotation.circle) return "circle:" + annotation.circle;
  return annotation.visibility === "public" ? "public" : "private";
}

function fieldError(field) {
  return el("p", { className: "field-error", id: "card-error-" + field, "data-field": field, hidden: true });
}

function clearErrors(form) {
  Array.prototype.forEach.call(form.querySelectorAll(".field-error"), function (error) {
    error.hidden = true;
    error.textContent = "";
  });
  Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (field) {
    field.removeAttribute("aria-invalid");
  });
  var general = form.querySelector(".card-status");
  if (general) general.textContent = "";
}

// Each message by its field; the rest (a detail, a field the form does not have) below it.
function showErrors(form, result) {
  var errors = fieldErrors(result.data);
  var rest = [];
  Object.keys(errors).forEach(function (field) {
    var slot = form.querySelector('.field-error[data-field="' + field + '"]');
    if (slot) {
      slot.textContent = errors[field];
      slot.hidden = false;
      var input = form.querySelector('[name="' + field + '"]') || (field === "tags" && form.querySelector(".tag-input"));
      if (input) input.setAttribute("aria-invalid", "true");
    } else {
      rest.push(errors[field]);
    }
  });
  if (rest.length || !Object.keys(errors).length) {
    form.querySelector(".card-status").textContent = rest.length ? rest.join(" ") : errorMessage(result);
  }
  var firstInvalid = form.querySelector("[aria-invalid=true]");
  if (firstInvalid) firstInvalid.focus();
}

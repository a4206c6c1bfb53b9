/* @username suggestions in the card's comment and reply fields: typing "@" and the start
   of a name lists the readers who may be mentioned there (GET urls.mentions: members of
   the circle the note is shared with, or of the writer's circles, who may read the text;
   the server decides). Arrow keys move, Enter or Tab picks, Escape closes the list (not
   the card); a click picks too. */
import { el } from "../dom.js";
import { request } from "../api.js";
import { page, url } from "./page.js";
import { card, currentCard } from "./card.js";
import { announce } from "./live.js";

// "@" at the start or after a space or bracket, then what is typed of a username.
const TYPED = /(?:^|[\s(\[{"'])@([\w.+-]{0,150})$/;
const list = el("ul", { id: "mention-suggestions", className: "mention-suggestions", role: "listbox", "aria-label": "People to mention", hidden: true });
const cache = new Map();
let field = null; // the textarea the list is for
let typed = null; // {start, end} of "@name" before the caret
let active = -1;
let asked = 0;

export function watchMentions() {
  if (!url("mentions") || !page || !page.user) return;
  card.addEventListener("input", function (event) {
    if (isMentionField(event.target)) suggest(event.target);
  });
  card.addEventListener("focusout", function (event) {
    if (event.target === field) window.setTimeout(closeUnlessFocused, 150);
  });
  // Window, capture phase: before keyboard.js closes the card on Escape.
  window.addEventListener("keydown", onKey, true);
  list.addEventListener("mousedown", function (event) {
    var option = event.target.closest("[role=option]");
    if (!option) return;
    event.preventDefault(); // the field keeps focus
    choose(option.getAttribute("data-username"));
  });
}

function isMentionField(target) {
  return target && target.tagName === "TEXTAREA" && (target.name === "comment" || target.name === "body");
}

// The circle the note is shared with: the form's choice, or the annotation's own.
function circleOf(textarea) {
  var form = textarea.form;
  var chosen = form && form.querySelector("input[name=visibility]:checked");
  if (chosen) return chosen.value.indexOf("circle:") === 0 ? chosen.value.slice(7) : "";
  var state = currentCard();
  var annotation = state && state.annotation;
  return annotation && annotation.visibility === "circle" && annotation.circle ? annotation.circle : "";
}

function suggest(textarea) {
  var before = textarea.value.slice(0, textarea.selectionStart);
  var match = textarea.selectionStart === textarea.selectionEnd && TYPED.exec(before);
  if (!match) {
    close();
    return;
  }
  field = textarea;
  typed = { start: before.length - match[1].length - 1, end: before.length };
  var query = "?document=" + encodeURIComponent(page.document) + "&q=" + encodeURIComponent(match[1]);
  var circle = circleOf(textarea);
  if (circle) query += "&circle=" + encodeURIComponent(circle);
  var ask = (asked += 1);
  var known = cache.get(query);
  var answer = known
    ? Promise.resolve(known)
    : request("GET", url("mentions") + query).then(function (result) {
        var names = result.ok && result.data && Array.isArray(result.data.results) ? result.data.results.map(function (r) { return r.username; }) : [];
        cache.set(query, names);
        return names;
      });
  answer.then(function (names) {
    if (ask === asked && field === textarea) show(names);
  });
}

function show(names) {
  list.textContent = "";
  active = -1;
  if (!names.length) {
    close();
    return;
  }
  names.forEach(function (name, index) {
    list.appendChild(el("li", { id: "mention-option-" + index, role: "option", className: "mention-option", "data-username": name, "aria-selected": "false", text: "@" + name }));
  });
  if (list.previousElementSibling !== field) field.insertAdjacentElement("afterend", list);
  list.hidden = false;
  field.setAttribute("aria-autocomplete", "list");
  field.setAttribute("aria-controls", list.id);
  move(0);
  announce(names.length === 1 ? "1 person to mention: arrow keys and Enter" : names.length + " people to mention: arrow keys and Enter");
}

function move(index) {
  var options = list.querySelectorAll("[role=option]");
  if (!options.length) return;
  active = (index + options.length) % options.length;
  options.forEach(function (option, i) {
    option.setAttribute("aria-selected", i === active ? "true" : "false");
    option.classList.toggle("is-active", i === active);
  });
  field.setAttribute("aria-activedescendant", options[active].id);
}

function choose(name) {
  if (!field || !typed || !name) return;
  var value = field.value;
  var insert = "@" + name + " ";
  field.value = value.slice(0, typed.start) + insert + value.slice(typed.end).replace(/^ /, "");
  var caret = typed.start + insert.length;
  field.setSelectionRange(caret, caret);
  field.focus();
  // The form notices the change as if it were typed.
  field.dispatchEvent(new Event("change", { bubbles: true }));
  close();
}

function onKey(event) {
  if (list.hidden || event.target !== field) return;
  if (event.key === "ArrowDown" || event.key === "ArrowUp") {
    event.preventDefault();
    move(active + (event.key === "ArrowDown" ? 1 : -1));
  } else if ((event.key === "Enter" || event.key === "Tab") && !event.shiftKey && !event.ctrlKey && !event.metaKey && active >= 0) {
    event.preventDefault();
    event.stopPropagation();
    choose(list.querySelectorAll("[role=option]")[active].getAttribute("data-username"));
  } else if (event.key === "Escape") {
    event.preventDefault();
    event.stopPropagation();
    close();
  }
}

function closeUnlessFocused() {
  if (document.activeElement !== field) close();
}

function close() {
  list.hidden = true;
  list.textContent = "";
  active = -1;
  if (field) {
    field.removeAttribute("aria-activedescendant");
    field.removeAttribute("aria-controls");
  }
}

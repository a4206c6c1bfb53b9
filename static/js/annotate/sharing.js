/* "Sharing to": where quick highlights (a swatch, or h) go on this document: only me, one
   of the reader's circles that reads the text, or everyone. The server remembers it per
   reader and document (reader/views/sharing.py); the page header's form shows it, and
   this module saves a change at once (the form's Set button is for pages without
   scripts). New highlights' cards start from it too.

   page.sharing: {scope, label, visibility, circle, notice, options: [{value, label}]}, or
   null (signed out, or an older version). */
import { request } from "../api.js";
import { page, url } from "./page.js";
import { announce } from "./live.js";

const ONLY_ME = { scope: "me", label: "Only me", visibility: "private", circle: null };
const form = document.querySelector("form.sharing-choice");
const select = form && form.querySelector("select[name=scope]");
const notice = form && form.querySelector(".sharing-notice");
const listeners = [];
let current = page && page.sharing ? page.sharing : ONLY_ME;

// {scope, label, visibility, circle}: where a quick highlight goes now.
export function sharing() {
  return current;
}

// fn(sharing) after every change, and once at once.
export function onSharingChange(fn) {
  listeners.push(fn);
  fn(current);
}

function choiceOf(scope) {
  var options = (page && page.sharing && page.sharing.options) || [];
  var found = options.filter(function (option) {
    return option.value === scope;
  })[0];
  if (!found || scope === "me") return ONLY_ME;
  if (scope === "public") return { scope: scope, label: found.label, visibility: "public", circle: null };
  return { scope: scope, label: found.label, visibility: "circle", circle: scope.slice("circle:".length) };
}

function setCurrent(choice, message) {
  current = choice;
  if (select) select.value = choice.scope;
  if (notice) notice.textContent = message || "";
  listeners.forEach(function (fn) {
    fn(current);
  });
}

/* The quick highlight was refused for its circle (the reader left it since the page was
   loaded): from now on Only me, saying so. */
export function fallBackToOnlyMe(reason) {
  var left = current.label;
  setCurrent(ONLY_ME, reason || "You can no longer share with " + left + ": new highlights go to Only me.");
  save("me");
}

function save(scope) {
  return request("POST", url("sharing"), { scope: scope });
}

export function watchSharing() {
  if (!form || !select || !page.sharing) return;
  form.classList.add("is-live");
  var setButton = form.querySelector(".sharing-set");
  if (setButton) setButton.hidden = true;
  // A choice that no longer holds was shown with its notice once: Only me from now on.
  if (page.sharing.notice) save("me");
  select.addEventListener("change", function () {
    var previous = current;
    var choice = choiceOf(select.value);
    setCurrent(choice, "");
    save(choice.scope).then(function (result) {
      if (result.ok) {
        announce("New highlights go to " + choice.label + ".");
        return;
      }
      var message = result.data && result.data.error ? result.data.error : "Not saved. Try again.";
      if (result.status === 400 && choice.visibility === "circle") {
        setCurrent(ONLY_ME, message + " New highlights go to Only me.");
        save("me");
      } else {
        setCurrent(previous, message);
      }
    });
  });
}

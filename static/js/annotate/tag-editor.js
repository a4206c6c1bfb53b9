/* Tags in the card's form: chips with a remove button each, and an input whose
   suggestions (a datalist) come from the server, most used first. Enter or a comma adds
   the typed tag. */
import { el } from "../dom.js";
import { request } from "../api.js";
import { url } from "./page.js";
import { announce } from "./live.js";

// Suggestions by what was typed, for the page's life (forgotten once a tag is saved).
const suggestionCache = new Map();

export function forgetTagSuggestions() {
  suggestionCache.clear();
}

// The server's suggestions for what was typed (most used first), cached for the page.
export function tagSuggestions(query) {
  var cached = suggestionCache.get(query);
  if (cached) return Promise.resolve(cached);
  return request("GET", url("tags") + "?q=" + encodeURIComponent(query)).then(function (result) {
    var names = result.ok && result.data && Array.isArray(result.data.results) ? result.data.results : [];
    if (result.ok) suggestionCache.set(query, names);
    return names;
  });
}

// initial: the tags to start with; error: the field's error slot (see card-edit.js).
export function tagEditor(initial, error) {
  var values = [];
  var chips = el("ul", { className: "tag-chips", "aria-label": "Tags added" });
  var input = el("input", {
    type: "text",
    id: "card-tag-input",
    className: "tag-input",
    name: "tags",
    list: "card-tag-suggestions",
    autocomplete: "off",
    "aria-describedby": "card-tag-help card-error-tags",
    maxlength: 50,
  });
  var datalist = el("datalist", { id: "card-tag-suggestions" });
  var element = el("div", { className: "card-field card-tags-field" }, [
    el("label", { for: "card-tag-input", text: "Tags" }),
    chips,
    input,
    datalist,
    el("p", { id: "card-tag-help", className: "card-help", text: "Enter or comma adds a tag." }),
    error,
  ]);

  function add(name) {
    name = name.replace(/\s+/g, " ").trim();
    if (!name) return;
    var exists = values.some(function (value) {
      return value.toLowerCase() === name.toLowerCase();
    });
    if (exists) return;
    values.push(name);
    var remove = el("button", { type: "button", className: "chip-remove", "aria-label": "Remove tag " + name, text: "×" });
    var chip = el("li", { className: "chip" }, [el("span", { text: name }), remove]);
    remove.addEventListener("click", function () {
      values.splice(values.indexOf(name), 1);
      chip.parentNode.removeChild(chip);
      input.focus();
      announce("Removed tag " + name + ".");
    });
    chips.appendChild(chip);
  }

  function commitInput() {
    input.value.split(",").forEach(add);
    input.value = "";
    suggest("");
  }

  var suggestTimer = null;
  var latestQuery = null;

  function suggest(query) {
    window.clearTimeout(suggestTimer);
    suggestTimer = window.setTimeout(function () {
      latestQuery = query;
      tagSuggestions(query).then(function (names) {
        if (query !== latestQuery) return;
        datalist.textContent = "";
        names
          .filter(function (name) {
            return values.indexOf(name) < 0;
          })
          .slice(0, 12)
          .forEach(function (name) {
            datalist.appendChild(el("option", { value: name }));
          });
      });
    }, query ? 150 : 0);
  }

  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" || event.key === ",") {
      if (input.value.trim()) {
        event.preventDefault();
        commitInput();
      } else if (event.key === ",") {
        event.preventDefault();
      }
    } else if (event.key === "Backspace" && !input.value && values.length) {
      var last = chips.lastElementChild;
      if (last) last.querySelector("button").click();
    }
  });
  input.addEventListener("input", function (event) {
    // Picking a suggestion from the list adds it straight away.
    if (event.inputType === "insertReplacementText") {
      commitInput();
      return;
    }
    suggest(input.value.split(",").pop().trim());
  });
  input.addEventListener("focus", function () {
    suggest(input.value.trim());
  });
  initial.forEach(add);

  return {
    element: element,
    input: input,
    values: function () {
      if (input.value.trim()) commitInput();
      return values.slice();
    },
  };
}

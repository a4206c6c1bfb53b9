/* The notebook in the page: edit and delete an entry without leaving the list, select
   every entry on the page, and show only the fields the chosen bulk action needs.
   Everything here also works as plain forms without it (reader/views/notebook_edit.py). */

import { csrfToken } from "./api.js";

var FRAGMENT = { "X-Notebook-Fragment": "1" };

function announce(text) {
  var status = document.getElementById("notebook-status");
  if (!status) return;
  status.textContent = "";
  // A fresh text node each time, so the same words are announced again.
  window.setTimeout(function () {
    status.textContent = text;
  }, 50);
}

function post(form, extra) {
  var data = new FormData(form);
  Object.keys(extra || {}).forEach(function (name) {
    data.set(name, extra[name]);
  });
  var headers = Object.assign({ "X-CSRFToken": csrfToken() }, FRAGMENT);
  return fetch(form.action, {
    method: "POST",
    body: data,
    headers: headers,
    credentials: "same-origin",
  }).catch(function () {
    return null;
  });
}

function saveEntry(form) {
  var item = form.closest("li.notebook-entry");
  var button = form.querySelector("button[type=submit]");
  button.disabled = true;
  post(form).then(function (response) {
    button.disabled = false;
    if (!response || (response.status !== 200 && response.status !== 400)) {
      announce("Couldn’t save: check the connection and try again.");
      return;
    }
    response.text().then(function (html) {
      item.innerHTML = html;
      var error = item.querySelector(".field-error");
      if (error) {
        var invalid = item.querySelector("[aria-invalid=true]") || item.querySelector("textarea");
        if (invalid) invalid.focus();
        announce("Not saved: " + error.textContent);
      } else {
        var summary = item.querySelector(".notebook-edit summary");
        if (summary) summary.focus();
        announce("Saved.");
      }
    });
  });
}

function askToDelete(form) {
  var button = form.querySelector("button[type=submit]");
  if (form.dataset.confirming !== "yes") {
    form.dataset.confirming = "yes";
    button.textContent = "Delete for good";
    var keep = document.createElement("button");
    keep.type = "button";
    keep.className = "secondary notebook-keep";
    keep.textContent = "Keep it";
    keep.addEventListener("click", function () {
      form.dataset.confirming = "";
      button.textContent = "Delete…";
      keep.remove();
      button.focus();
    });
    form.appendChild(keep);
    announce("Delete this highlight, its note and its replies? Press Delete for good, or Keep it.");
    button.focus();
    return;
  }
  var item = form.closest("li.notebook-entry");
  button.disabled = true;
  post(form, { confirm: "yes" }).then(function (response) {
    if (!response || response.status !== 204) {
      button.disabled = false;
      announce("Couldn’t delete it: reload the page and try again.");
      return;
    }
    var next = item.nextElementSibling || item.previousElementSibling;
    item.remove();
    announce("Deleted.");
    var target = next ? next.querySelector("input[type=checkbox]") : document.getElementById("bulk-title");
    if (target) {
      if (!next) target.setAttribute("tabindex", "-1");
      target.focus();
    }
    updateCount();
  });
}

function boxes() {
  return Array.prototype.slice.call(
    document.querySelectorAll("ol.notebook input[type=checkbox][form=notebook-bulk]")
  );
}

function updateCount() {
  var count = document.getElementById("bulk-count");
  var all = document.getElementById("bulk-all");
  var list = boxes();
  var ticked = list.filter(function (box) {
    return box.checked;
  }).length;
  if (count) count.textContent = ticked + " selected";
  if (all) {
    all.checked = ticked > 0 && ticked === list.length;
    all.indeterminate = ticked > 0 && ticked < list.length;
  }
}

function setUpBulk(form) {
  var action = form.querySelector("#bulk-action");
  var fields = form.querySelectorAll("[data-actions]");
  function showFields() {
    fields.forEach(function (field) {
      field.hidden = field.dataset.actions.split(" ").indexOf(action.value) === -1;
    });
  }
  action.addEventListener("change", showFields);
  showFields();

  var wrapper = document.createElement("div");
  wrapper.className = "notebook-bulk-all";
  wrapper.innerHTML =
    '<input type="checkbox" id="bulk-all"> <label for="bulk-all">Select all on this page</label> ' +
    '<span id="bulk-count" class="notebook-bulk-count">0 selected</span>';
  form.insertBefore(wrapper, form.querySelector(".notebook-bulk-fields"));
  document.getElementById("bulk-all").addEventListener("change", function (event) {
    boxes().forEach(function (box) {
      box.checked = event.target.checked;
    });
    updateCount();
  });
  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("input[form=notebook-bulk]")) updateCount();
  });
  form.addEventListener("submit", function (event) {
    if (!boxes().some(function (box) { return box.checked; })) {
      event.preventDefault();
      announce("Select at least one annotation first.");
      var first = boxes()[0];
      if (first) first.focus();
    }
  });
  updateCount();
}

function start() {
  var list = document.querySelector("ol.notebook");
  if (!list) return;
  var status = document.createElement("p");
  status.id = "notebook-status";
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  list.parentNode.insertBefore(status, list);

  list.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.classList.contains("notebook-edit-form")) {
      event.preventDefault();
      saveEntry(form);
    } else if (form.classList.contains("notebook-delete-form")) {
      event.preventDefault();
      askToDelete(form);
    }
  });
  var bulk = document.getElementById("notebook-bulk");
  if (bulk) setUpBulk(bulk);
}

start();

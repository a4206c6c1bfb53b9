/* Live regions: announcements for screen readers, and the toast (a message at the bottom
   of the screen, with an optional action such as Undo while it shows). */
import { el } from "../dom.js";
import { UNDO_MS } from "./page.js";
import { focusBlock } from "./highlighter.js";

const announcer = el("div", { className: "visually-hidden", role: "status", "aria-live": "polite" });
const toastRegion = el("div", { className: "annotation-toast-region", role: "status", "aria-live": "polite" });
let toastTimer = null;

export function createLiveRegions() {
  document.body.appendChild(announcer);
  document.body.appendChild(toastRegion);
}

export function announce(text) {
  announcer.textContent = "";
  // A change the screen reader notices even when the same words come twice.
  window.setTimeout(function () {
    announcer.textContent = text;
  }, 50);
}

// action: {label, run, block (where focus goes when the toast leaves)}; returns its button.
export function toast(text, action) {
  clearToast();
  var box = el("div", { className: "annotation-toast" }, [el("span", { text: text })]);
  var button = null;
  if (action) {
    button = el("button", { type: "button", className: "toast-action", text: action.label });
    button.addEventListener("click", function () {
      clearToast();
      action.run();
    });
    box.appendChild(button);
  }
  toastRegion.appendChild(box);
  toastTimer = window.setTimeout(function () {
    var block = action && action.block;
    var hadFocus = toastHasFocus();
    clearToast();
    if (hadFocus && block) focusBlock(block);
  }, action ? UNDO_MS : 4000);
  return button;
}

export function clearToast() {
  window.clearTimeout(toastTimer);
  toastTimer = null;
  toastRegion.textContent = "";
}

export function toastHasFocus() {
  return toastRegion.contains(document.activeElement);
}

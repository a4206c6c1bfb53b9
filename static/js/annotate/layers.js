/* The layer switch: a change shows the chosen layers at the same place in the text. */
import { lastInput } from "./input.js";
import { segmentsOnPage } from "./offsets.js";

export function watchLayerSwitch() {
  var layerForm = document.querySelector("form.layer-switch, form.layer-filter");
  if (!layerForm) return;
  var submit = layerForm.querySelector("button[type=submit], input[type=submit]");
  if (submit) submit.hidden = true;
  var layerTimer = null;
  layerForm.addEventListener("change", function (event) {
    // Checkboxes combine: wait a moment for the next one. Arrowing through radios
    // settles on one before the page reloads. A click on a radio or a choice from a
    // list reloads at once.
    var wait = event.target.type === "checkbox" ? 900 : lastInput() === "keyboard" ? 600 : 0;
    window.clearTimeout(layerTimer);
    layerTimer = window.setTimeout(function () {
      showLayers(layerForm);
    }, wait);
  });
  layerForm.addEventListener("submit", function (event) {
    event.preventDefault();
    showLayers(layerForm);
  });
}

function showLayers(layerForm) {
  var url = new URL(layerForm.getAttribute("action") || window.location.href, window.location.href);
  var query = new URLSearchParams();
  new FormData(layerForm).forEach(function (value, name) {
    if (value !== "") query.append(name, value);
  });
  url.search = query.toString();
  var anchor = topVisibleBlock();
  url.hash = anchor ? "at-" + anchor.getAttribute("data-ordinal") + "-" + Math.round(anchor.getBoundingClientRect().top) : "";
  window.location.assign(url.toString());
}

function topVisibleBlock() {
  var segments = segmentsOnPage();
  for (var i = 0; i < segments.length; i++) {
    var box = segments[i].block.getBoundingClientRect();
    if (box.bottom > 0) return box.top < window.innerHeight ? segments[i].block : null;
  }
  return null;
}

// #at-<ordinal>-<pixels>: the paragraph that was at the top, and where; not an element id,
// so the browser does not scroll or mark a :target itself.
export function restoreScrollPosition() {
  var restoreMatch = /^#at-(\d+)-(-?\d+)$/.exec(window.location.hash);
  if (!restoreMatch) return;
  var restoreBlock = document.getElementById("p-" + restoreMatch[1]);
  if (restoreBlock) window.scrollBy(0, restoreBlock.getBoundingClientRect().top - Number(restoreMatch[2]));
  window.history.replaceState(window.history.state, "", window.location.pathname + window.location.search);
}

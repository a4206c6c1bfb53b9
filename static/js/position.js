/* Remember where a signed-in reader is: POST the ordinal of the top-most visible
   paragraph to [data-position-url] once scrolling has settled, and when the page is hidden.
   Contract: the element carrying data-position-url is present only for signed-in readers;
   paragraphs carry data-ordinal (and id="p-<ordinal>"). Optional data-position-ordinal on the
   same element: the position already stored, which is then not sent again. */
import { csrfToken } from "./api.js";

const SETTLE_MS = 1500;

function watchPosition() {
  var root = document.querySelector("[data-position-url]");
  if (!root || !("IntersectionObserver" in window) || !window.fetch) return;

  var url = root.getAttribute("data-position-url");
  var paragraphs = root.querySelectorAll("[data-ordinal]");
  if (!paragraphs.length) paragraphs = document.querySelectorAll("[data-ordinal]");
  if (!paragraphs.length) return;

  var visible = new Set();
  var lastSent = root.getAttribute("data-position-ordinal") || null;
  var timer = null;
  var stopped = false;

  // The top-most visible paragraph, passing over one scrolled mostly off the top
  // (only its last lines showing): the reader has moved on from it.
  function currentOrdinal() {
    var threshold = window.innerHeight * 0.25;
    var best = null;
    var bestTop = Infinity;
    visible.forEach(function (element) {
      var box = element.getBoundingClientRect();
      var current = box.top >= 0 || box.bottom > threshold;
      if (current && box.top < bestTop) {
        best = element;
        bestTop = box.top;
      }
    });
    return best ? best.getAttribute("data-ordinal") : null;
  }

  function send() {
    clearTimeout(timer);
    timer = null;
    var ordinal = currentOrdinal();
    if (stopped || ordinal === null || ordinal === lastSent) return;
    // Offline, the request would only fail; the "online" event sends it later.
    if (navigator.onLine === false) return;
    lastSent = ordinal;
    fetch(url, {
      method: "POST",
      headers: { "X-CSRFToken": csrfToken() },
      body: new URLSearchParams({ ordinal: ordinal }),
      credentials: "same-origin",
      keepalive: true,
    }).then(
      function (response) {
        // Signed out elsewhere, or CSRF refused: stop trying for this page.
        if (response.status === 401 || response.status === 403) stopped = true;
      },
      function () {
        // Network failure: allow this ordinal to be sent again later.
        if (lastSent === ordinal) lastSent = null;
      }
    );
  }

  function schedule() {
    clearTimeout(timer);
    timer = setTimeout(send, SETTLE_MS);
  }

  var observer = new IntersectionObserver(function (entries) {
    entries.forEach(function (entry) {
      if (entry.isIntersecting) visible.add(entry.target);
      else visible.delete(entry.target);
    });
    schedule();
  });
  paragraphs.forEach(function (paragraph) {
    observer.observe(paragraph);
  });

  window.addEventListener("scroll", schedule, { passive: true });
  window.addEventListener("online", schedule);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") send();
  });
  window.addEventListener("pagehide", send);
}

watchPosition();

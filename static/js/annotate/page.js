/* The page's data, #annotation-data (reader/views/reading.py, _page_data), and what
   follows from it: the colours, the reader, their circles and what their role lets them
   do in each, the URLs. Read once, when the module is first imported (module scripts run
   after the document is parsed). */

// The text the page reads; null on a page without one.
export const article = document.querySelector("article.text");

// null when there is no data, or it cannot be read: main.js then leaves the page alone.
export const page = readPageData();

const data = page || {};

export const COLORS =
  Array.isArray(data.colors) && data.colors.length ? data.colors.slice(0, 5) : ["yellow", "green", "blue", "pink", "purple"];
export const user = data.user || null;
export const UNDO_MS = 8000;
// A paragraph block (the margin count carries data-ordinal too).
export const BLOCK = ".block[data-ordinal]";
export const KEY_HELP = "Keys: h or 1–5 highlight · c comment · t tag · a toolbar · Esc close";
// The reader's circles: [{slug, name, role, can: {own, manage, moderate}}].
export const CIRCLES = Array.isArray(data.circles) ? data.circles : [];

const circleBySlug = new Map();
CIRCLES.forEach(function (circle) {
  circleBySlug.set(circle.slug, circle);
});
const urls = data.urls && typeof data.urls === "object" ? data.urls : {};

function readPageData() {
  var element = document.getElementById("annotation-data");
  if (!element) return null;
  var parsed;
  try {
    parsed = JSON.parse(element.textContent);
  } catch (error) {
    return null;
  }
  return parsed && typeof parsed === "object" ? parsed : null;
}

// A URL the server sent: url("annotations"), or url("annotation", 12) for a "{id}" in it.
export function url(name, id) {
  var template = urls[name] || "";
  return id === undefined ? template : template.replace("{id}", encodeURIComponent(String(id)));
}

// The sign-in page, coming back here afterwards.
export function signInUrl() {
  var next = window.location.pathname + window.location.search + window.location.hash;
  return url("login") + "?next=" + encodeURIComponent(next);
}

// The circle's name when the reader is in it; its slug otherwise (an author who left).
export function circleName(slug) {
  var circle = circleBySlug.get(slug);
  return circle ? circle.name : slug || "a circle";
}

export function isMember(slug) {
  return Boolean(slug) && circleBySlug.has(slug);
}

// Whether the reader's role in the circle lets them hide and unhide (decided on the server).
export function canModerate(slug) {
  var circle = circleBySlug.get(slug);
  return Boolean(circle && circle.can && circle.can.moderate);
}

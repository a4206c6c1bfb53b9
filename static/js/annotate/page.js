/* The page's data, #annotation-data (reader/views/reading.py, _page_data), and what
   follows from it: the colours, the reader, their circles and their role in each, the
   URLs. Read once, when the module is first imported (module scripts run after the
   document is parsed). */
import { request } from "../api.js";

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
// The reader's circles: [{slug, name, role?}].
export const CIRCLES = Array.isArray(data.circles) ? data.circles : [];

const circleBySlug = new Map();
CIRCLES.forEach(function (circle) {
  circleBySlug.set(circle.slug, circle);
});
const api = data.api || {};
const ANNOTATIONS_URL = api.annotations || "/api/annotations/";
const REPLIES_URL = api.replies || "/api/replies/";
const urls = {
  annotations: ANNOTATIONS_URL,
  annotation: ANNOTATIONS_URL + "{id}/",
  annotation_hide: ANNOTATIONS_URL + "{id}/hide/",
  annotation_unhide: ANNOTATIONS_URL + "{id}/unhide/",
  reactions: ANNOTATIONS_URL + "{id}/reactions/",
  replies: ANNOTATIONS_URL + "{id}/replies/",
  reply: REPLIES_URL + "{id}/",
  reply_hide: REPLIES_URL + "{id}/hide/",
  reply_unhide: REPLIES_URL + "{id}/unhide/",
  tags: api.tags || "/api/tags/",
  circles: api.circles || "/api/circles/",
  login: "/accounts/login/",
};
const MANAGER_ROLES = ["owner", "moderator"];
let rolesRequest = null; // GET /api/circles/, once: slug -> the reader's role

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

// A URL: url("annotations"), or url("annotation", 12) for a "{id}" in it.
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

// Whether the reader's role in the circle lets them hide and unhide: a promise. Their role
// comes from page.circles when the server sends it, otherwise from GET /api/circles/ (once,
// and only when a card needs it).
export function canModerate(slug) {
  return circleRole(slug).then(function (role) {
    return MANAGER_ROLES.indexOf(role) >= 0;
  });
}

// The reader's role in one of their circles ("owner", "moderator", "member"), or null.
function circleRole(slug) {
  var circle = circleBySlug.get(slug);
  if (!circle) return Promise.resolve(null);
  if (circle.role) return Promise.resolve(circle.role);
  if (!rolesRequest) {
    rolesRequest = request("GET", url("circles")).then(function (result) {
      var roles = new Map();
      if (result.ok && result.data && Array.isArray(result.data.results)) {
        result.data.results.forEach(function (found) {
          roles.set(found.slug, found.role);
        });
      } else {
        rolesRequest = null; // asked again by the next card
      }
      return roles;
    });
  }
  return rolesRequest.then(function (roles) {
    return roles.get(slug) || null;
  });
}

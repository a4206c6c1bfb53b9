/* The page's annotations: the ones drawn (as the server sent them, then as the reader
   changes them), found by id, and their full API records, fetched when a card first
   needs them. */
import { request } from "../api.js";
import { url, user } from "./page.js";

// Kept in step with what is drawn: page.annotations is the same array.
const annotations = [];
const byId = new Map();
// Full API records (exact, comment_html, created…) by annotation id.
const details = new Map();
let temporaryCount = 0;

// What the page data's rows leave out (reader/views/reading.py, ROW_DEFAULTS).
var DEFAULTS = {
  mine: false,
  visibility: "private",
  has_comment: false,
  reply_count: 0,
  circle: null,
  hidden: false,
  review_requested: false,
  anchor: "exact",
};

// Fields sent as 0 and 1, and those sent as indexes into the rows' names.
var FLAGS = { mine: true, has_comment: true, hidden: true, review_requested: true };
var NAMED = { author: true, circle: true };

// The page data's rows as annotations (reader/views/reading.py, annotation_rows): each
// row's fields in ``fields`` order, the ones after its last left to DEFAULTS.
function fromRows(data) {
  if (!data || !Array.isArray(data.rows)) return [];
  var fields = Array.isArray(data.fields) ? data.fields : [];
  var names = Array.isArray(data.names) ? data.names : [];
  return data.rows.map(function (row) {
    var annotation = {};
    row.forEach(function (value, index) {
      var field = fields[index];
      if (!field || value === null || value === undefined) return;
      if (field === "tags") {
        value = value.map(function (name) {
          return names[name];
        });
      } else if (NAMED[field]) value = names[value];
      else if (FLAGS[field]) value = Boolean(value);
      annotation[field] = value;
    });
    return annotation;
  });
}

export function loadAnnotations(data) {
  fromRows(data).forEach(function (annotation) {
    Object.keys(DEFAULTS).forEach(function (key) {
      if (!(key in annotation)) annotation[key] = DEFAULTS[key];
    });
    if (!annotation.tags) annotation.tags = [];
    if (annotation.mine && !annotation.author) annotation.author = user;
    annotations.push(annotation);
    byId.set(String(annotation.id), annotation);
  });
  return annotations;
}

export function allAnnotations() {
  return annotations;
}

export function annotationById(id) {
  return byId.get(String(id));
}

// Whether the annotation is (still) on the page.
export function isShown(annotation) {
  return byId.has(String(annotation.id));
}

export function storeAnnotation(annotation) {
  annotations.push(annotation);
  byId.set(String(annotation.id), annotation);
}

export function forgetAnnotation(annotation) {
  var index = annotations.indexOf(annotation);
  if (index >= 0) annotations.splice(index, 1);
  byId.delete(String(annotation.id));
  details.delete(String(annotation.id));
}

// A temporary annotation takes the server's record: its id, and the stored offsets (the
// server trims whitespace at the ends).
export function settleRecord(annotation, record) {
  byId.delete(String(annotation.id));
  annotation.id = record.id;
  annotation.start = record.start;
  annotation.end = record.end;
  annotation.pending = false;
  annotation.saving = false;
  applyRecord(annotation, record);
  byId.set(String(annotation.id), annotation);
}

export function applyRecord(annotation, record) {
  annotation.color = record.color;
  annotation.visibility = record.visibility;
  annotation.circle = record.circle || null;
  annotation.hidden = Boolean(record.hidden);
  annotation.tags = record.tags || [];
  annotation.has_comment = Boolean(record.comment);
  details.set(String(annotation.id), record);
}

export function detailsOf(annotation) {
  return details.get(String(annotation.id));
}

export function keepDetails(annotation, record) {
  details.set(String(annotation.id), record);
}

export function loadDetails(annotation) {
  var key = String(annotation.id);
  if (details.has(key)) return Promise.resolve({ ok: true, data: details.get(key) });
  return request("GET", url("annotation", annotation.id)).then(function (result) {
    if (result.ok && result.data) details.set(key, result.data);
    return result;
  });
}

// A new highlight of the reader's, drawn before the server has it.
export function temporary(target, color) {
  temporaryCount += 1;
  return {
    id: "tmp-" + temporaryCount,
    sequence: temporaryCount,
    start: target.start,
    end: target.end,
    exact: target.exact,
    color: color,
    author: user,
    mine: true,
    visibility: "private",
    circle: null,
    hidden: false,
    tags: [],
    has_comment: false,
    reply_count: 0,
    saving: true,
  };
}

/* Replies in the card: the thread, a form to reply, the author's Edit and Delete on
   their own replies, and Hide or Unhide for the circle's owners and moderators.

   Threads: the server sends the replies in thread order, each with its depth (0 to 3)
   and, deeper than 3, whom it answers (annotations/threads.py). Each reply has a Reply
   button that opens a form under it; the answer goes in at the end of that reply's
   branch, as the server would order it. */
import { el } from "../dom.js";
import { errorMessage, request } from "../api.js";
import { signInUrl, url, user } from "./page.js";
import { timeElement } from "./format.js";
import { announce, toast } from "./live.js";
import { card, positionCard, renderToken } from "./card.js";
import { relabel } from "./highlighter.js";
import { mayModerate, moderationFailed, moderationRequest } from "./moderation.js";

// Indented to three levels (annotations/threads.py MAX_DEPTH); deeper ones flat.
var MAX_DEPTH = 3;

export function renderReplies(annotation, section, token) {
  var heading = el("h3", { id: "card-replies-title", text: "Replies" });
  updateReplyHeading(heading, annotation.reply_count || 0);
  var list = el("ol", { className: "reply-list" });
  var loading = el("p", { className: "card-help", text: "Loading replies…" });
  section.appendChild(heading);
  section.appendChild(loading);
  section.appendChild(list);
  if (user) section.appendChild(replyForm(annotation, list, heading));
  else section.appendChild(el("p", { className: "card-help" }, [el("a", { href: signInUrl(), text: "Sign in to reply" })]));
  loadThread(annotation, list, heading, function (result) {
    if (token !== renderToken()) return false;
    loading.parentNode.removeChild(loading);
    if (!result.ok || !result.data) {
      section.insertBefore(el("p", { className: "card-status", text: errorMessage(result) }), list);
      return false;
    }
    return true;
  });
}

// The thread from the server, in its order; ``accept`` may refuse a late or failed answer.
function loadThread(annotation, list, heading, accept) {
  request("GET", url("replies", annotation.id)).then(function (result) {
    if (!accept(result)) return;
    var replies = Array.isArray(result.data.results) ? result.data.results : [];
    // Replies posted here while the thread was on its way stay, after the server's.
    var known = {};
    replies.forEach(function (reply) {
      known[reply.id] = true;
    });
    var postedMeanwhile = Array.prototype.filter.call(list.children, function (item) {
      return !known[item.getAttribute("data-id")];
    });
    while (list.firstChild) list.removeChild(list.firstChild);
    var authors = {};
    replies.forEach(function (reply) {
      authors[reply.id] = reply.author;
      var parentAuthor = reply.parent === null || reply.parent === undefined ? null : authors[reply.parent];
      list.appendChild(replyItem(annotation, Object.assign({ parent_author: parentAuthor }, reply), heading));
    });
    postedMeanwhile.forEach(function (item) {
      list.appendChild(item);
    });
    annotation.reply_count = list.children.length;
    relabel(annotation);
    updateReplyHeading(heading, list.children.length);
    positionCard();
  });
}

// How far an answer to ``parent`` is indented, and whom it names when shown flat.
function answerPlace(parent) {
  var depth = Number(parent.depth) || 0;
  if (depth >= MAX_DEPTH) return { depth: MAX_DEPTH, in_reply_to: parent.author, parent_author: parent.author };
  return { depth: depth + 1, in_reply_to: null, parent_author: parent.author };
}

// The last item of ``item``'s branch: the replies after it that answer it or its answers.
function branchEnd(item) {
  var ids = {};
  ids[item.getAttribute("data-id")] = true;
  var last = item;
  var next = item.nextElementSibling;
  while (next && ids[next.getAttribute("data-parent")]) {
    ids[next.getAttribute("data-id")] = true;
    last = next;
    next = next.nextElementSibling;
  }
  return last;
}

// A new reply is counted in the thread's heading and in its highlight's name.
function replyPosted(annotation, list, heading) {
  annotation.reply_count = list.children.length;
  relabel(annotation);
  updateReplyHeading(heading, list.children.length);
  announce("Reply posted.");
}

// With no replies yet, the heading is for screen readers only: the form says enough.
function updateReplyHeading(heading, count) {
  heading.textContent = count ? "Replies (" + count + ")" : "Replies";
  heading.classList.toggle("visually-hidden", !count);
}

function replyItem(annotation, reply, heading) {
  var depth = Math.min(Math.max(Number(reply.depth) || 0, 0), MAX_DEPTH);
  var item = el("li", {
    className: "reply reply-depth-" + depth,
    id: "reply-" + reply.id,
    "data-id": reply.id,
    "data-parent": reply.parent === null || reply.parent === undefined ? "" : reply.parent,
    "data-depth": depth,
  });
  var meta = el("p", { className: "reply-meta" }, [el("strong", { text: reply.author === user ? "You" : reply.author })]);
  // Beyond three levels a reply is not indented further: it names whom it answers.
  if (reply.in_reply_to) {
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("span", { className: "reply-to", text: "in reply to @" + reply.in_reply_to }));
  } else if (reply.parent_author) {
    // Indented answers say whom they answer to screen readers, which do not see the indent.
    meta.appendChild(el("span", { className: "visually-hidden", text: ", in reply to " + (reply.parent_author === user ? "you" : reply.parent_author) }));
  }
  var time = timeElement(reply.created);
  if (time) {
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(time);
  }
  // Only its author and the circle's moderators are sent a hidden reply.
  if (reply.hidden) {
    markHidden(meta);
    item.classList.add("is-hidden");
  }
  var body = el("div", { className: "reply-body" });
  // Rendered from Markdown and sanitised by the server: safe to insert as HTML.
  body.innerHTML = reply.body_html || "";
  item.appendChild(meta);
  item.appendChild(body);
  if (user) item.appendChild(answerLine(annotation, reply, item, heading));
  if (user && reply.author === user) {
    var edit = el("button", { type: "button", className: "link-button", text: "Edit", "aria-label": "Edit your reply" });
    var remove = el("button", { type: "button", className: "link-button danger", text: "Delete", "aria-label": "Delete your reply" });
    var actions = el("p", { className: "reply-actions reply-own" }, [edit, remove]);
    item.appendChild(actions);
    edit.addEventListener("click", function () {
      editReply(item, reply, body, actions, annotation, heading);
    });
    remove.addEventListener("click", function () {
      var question = el("p", { className: "reply-actions" }, ["Delete this reply? "]);
      var yes = el("button", { type: "button", className: "link-button danger", text: "Delete" });
      var no = el("button", { type: "button", className: "link-button", text: "Keep it" });
      question.appendChild(yes);
      question.appendChild(no);
      item.replaceChild(question, actions);
      no.focus();
      no.addEventListener("click", function () {
        item.replaceChild(actions, question);
        remove.focus();
      });
      yes.addEventListener("click", function () {
        yes.disabled = true;
        request("DELETE", url("reply", reply.id)).then(function (result) {
          if (!result.ok && result.status !== 404) {
            yes.disabled = false;
            toast("Not deleted: " + errorMessage(result));
            return;
          }
          var list = item.parentNode;
          var next = item.nextElementSibling || item.previousElementSibling;
          var hadAnswers = Boolean(next && next === item.nextElementSibling && next.getAttribute("data-parent") === String(reply.id));
          list.removeChild(item);
          annotation.reply_count = Math.max(0, (annotation.reply_count || 1) - 1);
          relabel(annotation);
          updateReplyHeading(heading, list.children.length);
          announce("Reply deleted.");
          var focusTarget = (next && next.querySelector("button")) || card.querySelector("#card-reply");
          if (focusTarget) focusTarget.focus();
          // Its answers moved up a level on the server: draw the thread as it is now.
          if (hadAnswers) {
            loadThread(annotation, list, heading, function (fresh) {
              return fresh.ok && fresh.data && list.isConnected;
            });
          }
        });
      });
    });
  }
  if (user && mayModerate(annotation)) {
    item.appendChild(replyModerationButton(reply, item, meta));
  }
  return item;
}

// Owners and moderators hide a reply from the circle (its author still sees it) and back.
function replyModerationButton(reply, item, meta) {
  var line = el("p", { className: "reply-actions reply-moderation" });
  var button = el("button", { type: "button", className: "link-button" });
  function label() {
    button.textContent = reply.hidden ? "Unhide reply" : "Hide reply from circle";
  }
  label();
  line.appendChild(button);
  button.addEventListener("click", function () {
    var hide = !reply.hidden;
    var sent = moderationRequest(button, "reply", reply.id, hide);
    if (!sent) return;
    sent.then(function (result) {
      if (!result.ok || !result.data) {
        toast(moderationFailed(hide, result));
        return;
      }
      reply.hidden = Boolean(result.data.hidden);
      item.classList.toggle("is-hidden", reply.hidden);
      var badge = meta.querySelector(".card-badge");
      if (reply.hidden && !badge) {
        markHidden(meta);
      } else if (!reply.hidden && badge) {
        meta.removeChild(badge);
      }
      label();
      announce(reply.hidden ? "Reply hidden from the circle." : "Reply shown to the circle again.");
    });
  });
  return line;
}

function markHidden(meta) {
  meta.appendChild(document.createTextNode(" "));
  meta.appendChild(el("span", { className: "card-badge", text: "Hidden by a moderator" }));
}

// A form of one text field (a reply's body), the line that says what went wrong, and its
// buttons: the submit one named ``submit``, and Cancel where there is ``cancel`` to run.
function textForm(options) {
  var textarea = el("textarea", { id: options.id, name: "body", rows: options.rows, placeholder: options.placeholder });
  textarea.value = options.value || "";
  var error = el("p", { className: "field-error", role: "alert", hidden: true });
  var submit = el("button", { type: "submit", text: options.submit });
  var cancel = options.cancel ? el("button", { type: "button", className: "secondary", text: "Cancel" }) : null;
  var form = el("form", { className: options.className }, [
    el("label", { for: options.id, className: options.labelHidden ? "visually-hidden" : null, text: options.label }),
    textarea,
    error,
    el("div", { className: "card-actions" }, [submit, cancel]),
  ]);
  if (cancel) cancel.addEventListener("click", options.cancel);
  return { form: form, textarea: textarea, submit: submit, error: error };
}

function showError(error, message) {
  error.textContent = message;
  error.hidden = false;
}

// A form that posts a reply to ``annotation`` (an answer to the reply ``options.parent``,
// if any); ``posted`` gets the new reply as the server sent it.
function replyComposer(annotation, options, posted) {
  var parts = textForm(Object.assign({ rows: 2, placeholder: "Write a reply (Markdown works)", submit: "Reply" }, options));
  var textarea = parts.textarea;
  function refuse(message) {
    showError(parts.error, message);
    textarea.focus();
  }
  parts.form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!textarea.value.trim()) {
      refuse("Write something first.");
      return;
    }
    parts.submit.disabled = true;
    parts.error.hidden = true;
    var sent = { body: textarea.value };
    if (options.parent !== undefined) sent.parent = options.parent;
    request("POST", url("replies", annotation.id), sent).then(function (result) {
      parts.submit.disabled = false;
      if (result.status !== 201 || !result.data) {
        refuse(errorMessage(result));
        return;
      }
      textarea.value = "";
      posted(result.data);
    });
  });
  return parts.form;
}

function editReply(item, reply, body, actions, annotation, heading) {
  var parts = textForm({
    id: "card-reply-edit-" + reply.id,
    rows: 3,
    value: reply.body,
    className: "reply-edit",
    label: "Edit your reply",
    labelHidden: true,
    submit: "Save",
    cancel: function () {
      item.replaceChild(body, form);
      actions.hidden = false;
      actions.querySelector("button").focus();
    },
  });
  var form = parts.form;
  item.replaceChild(form, body);
  actions.hidden = true;
  parts.textarea.focus();
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    parts.submit.disabled = true;
    request("PATCH", url("reply", reply.id), { body: parts.textarea.value }).then(function (result) {
      parts.submit.disabled = false;
      if (!result.ok || !result.data) {
        showError(parts.error, errorMessage(result));
        return;
      }
      // The answer from PATCH has no place in the thread: keep the one it had.
      var fresh = replyItem(annotation, Object.assign({}, result.data, { depth: reply.depth, in_reply_to: reply.in_reply_to, parent_author: reply.parent_author }), heading);
      item.parentNode.replaceChild(fresh, item);
      fresh.querySelector(".reply-own button").focus();
      positionCard();
    });
  });
}

function replyForm(annotation, list, heading) {
  return replyComposer(annotation, { id: "card-reply", className: "reply-form", label: "Your reply", labelHidden: true }, function (reply) {
    list.appendChild(replyItem(annotation, reply, heading));
    replyPosted(annotation, list, heading);
    positionCard();
  });
}

// A reply's own Reply button: a form under it; the answer joins the end of its branch.
function answerLine(annotation, reply, item, heading) {
  var name = reply.author === user ? "your reply" : reply.author + "’s reply";
  var open = el("button", { type: "button", className: "link-button", text: "Reply", "aria-label": "Reply to " + name, "aria-expanded": "false" });
  var line = el("p", { className: "reply-actions reply-answer" }, [open]);
  var form = null;
  function close(focus) {
    if (form && form.parentNode) form.parentNode.removeChild(form);
    form = null;
    open.setAttribute("aria-expanded", "false");
    if (focus) open.focus();
    positionCard();
  }
  open.addEventListener("click", function () {
    if (form) {
      form.querySelector("textarea").focus();
      return;
    }
    var options = { id: "card-answer-" + reply.id, className: "reply-form reply-answer-form", label: "Your reply to " + name, parent: reply.id };
    options.cancel = function () {
      close(true);
    };
    form = replyComposer(annotation, options, function (posted) {
      var end = branchEnd(item);
      var answer = replyItem(annotation, Object.assign({}, posted, answerPlace(reply)), heading);
      end.parentNode.insertBefore(answer, end.nextSibling);
      close(false);
      replyPosted(annotation, answer.parentNode, heading);
      var focusTarget = answer.querySelector(".reply-answer button");
      if (focusTarget) focusTarget.focus();
      positionCard();
    });
    line.parentNode.insertBefore(form, line.nextSibling);
    open.setAttribute("aria-expanded", "true");
    form.querySelector("textarea").focus();
    positionCard();
  });
  return line;
}

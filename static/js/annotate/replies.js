/* Replies in the card: the thread, a form to reply, the author's Edit and Delete on
   their own replies, and Hide or Unhide for the circle's owners and moderators. */
import { el } from "../dom.js";
import { errorMessage, request } from "../api.js";
import { canModerate, signInUrl, url, user } from "./page.js";
import { timeElement } from "./format.js";
import { announce, toast } from "./live.js";
import { card, positionCard, renderToken } from "./card.js";

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
  request("GET", url("replies", annotation.id)).then(function (result) {
    if (token !== renderToken()) return;
    loading.parentNode.removeChild(loading);
    if (!result.ok || !result.data) {
      section.insertBefore(el("p", { className: "card-status", text: errorMessage(result) }), list);
      return;
    }
    var replies = Array.isArray(result.data.results) ? result.data.results : [];
    annotation.reply_count = replies.length;
    replies.forEach(function (reply) {
      list.appendChild(replyItem(annotation, reply, heading));
    });
    updateReplyHeading(heading, replies.length);
    positionCard();
  });
}

// With no replies yet, the heading is for screen readers only: the form says enough.
function updateReplyHeading(heading, count) {
  heading.textContent = count ? "Replies (" + count + ")" : "Replies";
  heading.classList.toggle("visually-hidden", !count);
}

function replyItem(annotation, reply, heading) {
  var item = el("li", { className: "reply", id: "reply-" + reply.id });
  var meta = el("p", { className: "reply-meta" }, [el("strong", { text: reply.author === user ? "You" : reply.author })]);
  var time = timeElement(reply.created);
  if (time) {
    meta.appendChild(document.createTextNode(" · "));
    meta.appendChild(time);
  }
  // Only its author and the circle's moderators are sent a hidden reply.
  if (reply.hidden) {
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(el("span", { className: "card-badge", text: "Hidden by a moderator" }));
    item.classList.add("is-hidden");
  }
  var body = el("div", { className: "reply-body" });
  // Rendered from Markdown and sanitised by the server: safe to insert as HTML.
  body.innerHTML = reply.body_html || "";
  item.appendChild(meta);
  item.appendChild(body);
  if (user && reply.author === user) {
    var edit = el("button", { type: "button", className: "link-button", text: "Edit", "aria-label": "Edit your reply" });
    var remove = el("button", { type: "button", className: "link-button danger", text: "Delete", "aria-label": "Delete your reply" });
    var actions = el("p", { className: "reply-actions" }, [edit, remove]);
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
          list.removeChild(item);
          annotation.reply_count = Math.max(0, (annotation.reply_count || 1) - 1);
          updateReplyHeading(heading, list.children.length);
          announce("Reply deleted.");
          var focusTarget = (next && next.querySelector("button")) || card.querySelector("#card-reply");
          if (focusTarget) focusTarget.focus();
        });
      });
    });
  }
  // The page data says what the reader's role in the circle lets them do.
  if (user && annotation.visibility === "circle" && annotation.circle && canModerate(annotation.circle)) {
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
    if (button.getAttribute("aria-busy") === "true") return;
    button.setAttribute("aria-busy", "true");
    var hide = !reply.hidden;
    request("POST", url(hide ? "reply_hide" : "reply_unhide", reply.id)).then(function (result) {
      button.removeAttribute("aria-busy");
      if (!result.ok || !result.data) {
        toast((hide ? "Not hidden: " : "Not shown again: ") + errorMessage(result));
        return;
      }
      reply.hidden = Boolean(result.data.hidden);
      item.classList.toggle("is-hidden", reply.hidden);
      var badge = meta.querySelector(".card-badge");
      if (reply.hidden && !badge) {
        meta.appendChild(document.createTextNode(" "));
        meta.appendChild(el("span", { className: "card-badge", text: "Hidden by a moderator" }));
      } else if (!reply.hidden && badge) {
        meta.removeChild(badge);
      }
      label();
      announce(reply.hidden ? "Reply hidden from the circle." : "Reply shown to the circle again.");
    });
  });
  return line;
}

function editReply(item, reply, body, actions, annotation, heading) {
  var id = "card-reply-edit-" + reply.id;
  var textarea = el("textarea", { id: id, rows: 3, name: "body" });
  textarea.value = reply.body || "";
  var error = el("p", { className: "field-error", role: "alert", hidden: true });
  var save = el("button", { type: "submit", text: "Save" });
  var cancel = el("button", { type: "button", className: "secondary", text: "Cancel" });
  var form = el("form", { className: "reply-edit" }, [
    el("label", { for: id, className: "visually-hidden", text: "Edit your reply" }),
    textarea,
    error,
    el("div", { className: "card-actions" }, [save, cancel]),
  ]);
  item.replaceChild(form, body);
  actions.hidden = true;
  textarea.focus();
  cancel.addEventListener("click", function () {
    item.replaceChild(body, form);
    actions.hidden = false;
    actions.querySelector("button").focus();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    save.disabled = true;
    request("PATCH", url("reply", reply.id), { body: textarea.value }).then(function (result) {
      save.disabled = false;
      if (!result.ok || !result.data) {
        error.textContent = errorMessage(result);
        error.hidden = false;
        return;
      }
      var fresh = replyItem(annotation, result.data, heading);
      item.parentNode.replaceChild(fresh, item);
      fresh.querySelector(".reply-actions button").focus();
      positionCard();
    });
  });
}

function replyForm(annotation, list, heading) {
  var textarea = el("textarea", { id: "card-reply", name: "body", rows: 2, placeholder: "Write a reply (Markdown works)" });
  var error = el("p", { className: "field-error", role: "alert", hidden: true });
  var send = el("button", { type: "submit", text: "Reply" });
  var form = el("form", { className: "reply-form" }, [
    el("label", { for: "card-reply", className: "visually-hidden", text: "Your reply" }),
    textarea,
    error,
    el("div", { className: "card-actions" }, [send]),
  ]);
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (!textarea.value.trim()) {
      error.textContent = "Write something first.";
      error.hidden = false;
      textarea.focus();
      return;
    }
    send.disabled = true;
    error.hidden = true;
    request("POST", url("replies", annotation.id), { body: textarea.value }).then(function (result) {
      send.disabled = false;
      if (result.status !== 201 || !result.data) {
        error.textContent = errorMessage(result);
        error.hidden = false;
        textarea.focus();
        return;
      }
      textarea.value = "";
      list.appendChild(replyItem(annotation, result.data, heading));
      annotation.reply_count = list.children.length;
      updateReplyHeading(heading, list.children.length);
      announce("Reply posted.");
      positionCard();
    });
  });
  return form;
}

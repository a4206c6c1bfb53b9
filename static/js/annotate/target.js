/* A link to a highlight in place (a notification's: #annotation-<id>, or
   #annotation-<id>-reply-<id> for a reply) opens its card, and shows the reply. */
import { annotationById } from "./store.js";
import { openCard } from "./card.js";
import { markOf } from "./highlighter.js";

const TARGET = /^#annotation-(\d+)(?:-reply-(\d+))?$/;

export function openTarget() {
  var match = TARGET.exec(window.location.hash);
  var annotation = match && annotationById(match[1]);
  if (!annotation) return;
  var mark = markOf(annotation);
  if (mark) mark.scrollIntoView({ block: "center" });
  openCard({ mode: "view", items: [annotation], index: 0, annotation: annotation, opener: mark, keyboard: true });
  if (match[2]) showReply("reply-" + match[2], 40);
}

// The thread loads after the card opens: look for the reply a little while.
function showReply(id, tries) {
  var reply = document.getElementById(id);
  if (reply) {
    reply.classList.add("is-target");
    reply.scrollIntoView({ block: "nearest" });
    return;
  }
  if (tries > 0) window.setTimeout(showReply, 100, id, tries - 1);
}

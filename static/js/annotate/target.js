/* A link to a highlight in place: #annotation-<id> (the circle activity's, a
   notification's) or #annotation-<id>-reply-<id> (a reply, from a notification) scrolls
   to its mark, gives it focus and opens its card, showing the reply. Without scripts the
   link still opens the paragraph the highlight starts in. */
import { annotationById } from "./store.js";
import { openCard } from "./card.js";
import { markOf } from "./highlighter.js";

var TARGET = /^#annotation-(\d+)(?:-reply-(\d+))?$/;

export function openTarget() {
  var match = TARGET.exec(window.location.hash);
  var annotation = match && annotationById(match[1]);
  if (!annotation) return;
  var mark = markOf(annotation);
  if (mark) {
    mark.scrollIntoView({ block: "center" });
    mark.focus({ preventScroll: true });
  }
  openCard({ mode: "view", items: [annotation], index: 0, annotation: annotation, opener: mark, keyboard: false });
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

export function watchTarget() {
  openTarget();
  window.addEventListener("hashchange", openTarget);
}

/* A link to one highlight (#annotation-<id>, as the circle activity links them): scroll
   to its mark, give it focus and open its card. Without scripts the link still opens the
   paragraph the highlight starts in. */
import { annotationById } from "./store.js";
import { markOf } from "./highlighter.js";
import { openCard } from "./card.js";

var TARGET = /^#annotation-(\d+)$/;

export function openTargetedAnnotation() {
  var match = TARGET.exec(window.location.hash);
  var annotation = match && annotationById(match[1]);
  var mark = annotation && markOf(annotation);
  if (!mark) return;
  mark.scrollIntoView({ block: "center" });
  mark.focus({ preventScroll: true });
  openCard({ mode: "view", items: [annotation], index: 0, annotation: annotation, opener: mark, keyboard: false });
}

export function watchTarget() {
  openTargetedAnnotation();
  window.addEventListener("hashchange", openTargetedAnnotation);
}

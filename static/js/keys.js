// Keyboard paging for the paragraph view: j or → for the next paragraph, k or ← for the
// previous. Keys typed into a field, or with a modifier held, are left alone.
import { isTyping } from "./dom.js";

function listenForPaging() {
  var pager = document.querySelector("[data-keyboard-pager]");
  if (!pager) return;

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    if (isTyping(event.target)) return;
    var rel = null;
    if (event.key === "j" || event.key === "ArrowRight") rel = "next";
    if (event.key === "k" || event.key === "ArrowLeft") rel = "prev";
    if (!rel) return;
    var link = pager.querySelector('a[rel="' + rel + '"]');
    if (!link) return;
    event.preventDefault();
    window.location.assign(link.href);
  });
}

listenForPaging();

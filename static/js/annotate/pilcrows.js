/* The ¶ links as one tab stop: a chapter has hundreds, and each was a stop of its own.
   Tab reaches one (the paragraph in the address, else the first); Up and Down arrows move
   to the previous or next paragraph's link, Home and End to the first and last (a roving
   tabindex). Without this script every link stays a tab stop. */
const KEYS = ["ArrowDown", "ArrowUp", "Home", "End"];
const HELP_ID = "pilcrow-keys";

export function rovePilcrows(article) {
  var links = Array.prototype.slice.call(article.querySelectorAll("a.pilcrow"));
  if (links.length < 2) return;
  var help = document.createElement("span");
  help.id = HELP_ID;
  help.hidden = true;
  help.textContent = "Up and down arrows: the previous or next paragraph's link.";
  article.appendChild(help);
  var target = window.location.hash && document.getElementById(window.location.hash.slice(1));
  var current = (target && target.querySelector && target.querySelector("a.pilcrow")) || links[0];
  links.forEach(function (link) {
    link.tabIndex = link === current ? 0 : -1;
    link.setAttribute("aria-describedby", HELP_ID);
  });

  function makeCurrent(link) {
    if (link === current) return;
    current.tabIndex = -1;
    link.tabIndex = 0;
    current = link;
  }

  // Focus reaching a link another way (a click, the margin's focusBlock) moves the stop too.
  article.addEventListener("focusin", function (event) {
    if (event.target.matches && event.target.matches("a.pilcrow")) makeCurrent(event.target);
  });
  article.addEventListener("keydown", function (event) {
    if (!event.target.matches || !event.target.matches("a.pilcrow")) return;
    if (KEYS.indexOf(event.key) < 0 || event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) return;
    var index = links.indexOf(event.target);
    if (index < 0) return;
    var next = { ArrowDown: index + 1, ArrowUp: index - 1, Home: 0, End: links.length - 1 }[event.key];
    event.preventDefault();
    var link = links[Math.max(0, Math.min(links.length - 1, next))];
    makeCurrent(link);
    link.focus();
  });
}

/* Reactions on a circle annotation: its circle's members mark agree, disagree or question
   (one of each, toggled); an author who has left the circle sees the counts alone. */
import { el } from "../dom.js";
import { errorMessage, request } from "../api.js";
import { isMember, url } from "./page.js";
import { detailsOf } from "./store.js";
import { announce, toast } from "./live.js";
import { cardTitle, positionCard } from "./card.js";

const REACTIONS = [
  ["agree", "Agree"],
  ["disagree", "Disagree"],
  ["question", "Question"],
];

// Toggle buttons for the circle's members; the counts alone for an author who has left it.
export function showReactionsFor(annotation, record, slot, status) {
  slot.textContent = "";
  if (record.visibility !== "circle" || !record.circle || !record.reactions) return;
  if (!isMember(record.circle)) {
    var counted = REACTIONS.filter(function (pair) {
      return record.reactions[pair[0]];
    }).map(function (pair) {
      return pair[1] + " " + record.reactions[pair[0]];
    });
    if (counted.length) slot.appendChild(el("p", { className: "card-help", text: counted.join(" · ") }));
    return;
  }
  var group = el("div", { className: "card-reactions", role: "group", "aria-label": "Reactions" });
  REACTIONS.forEach(function (pair) {
    var button = el("button", { type: "button", className: "reaction", "data-kind": pair[0], "aria-pressed": "false" }, [
      el("span", { className: "reaction-label", text: pair[1] }),
      " ",
      el("span", { className: "reaction-count", text: "0" }),
    ]);
    button.addEventListener("click", function () {
      toggleReaction(annotation, pair[0], group, status);
    });
    group.appendChild(button);
  });
  setReactions(group, record.reactions, record.my_reactions);
  slot.appendChild(group);
}

function setReactions(group, counts, mine) {
  counts = counts || {};
  mine = mine || [];
  Array.prototype.forEach.call(group.querySelectorAll("button.reaction"), function (button) {
    var kind = button.getAttribute("data-kind");
    button.setAttribute("aria-pressed", mine.indexOf(kind) >= 0 ? "true" : "false");
    button.querySelector(".reaction-count").textContent = String(counts[kind] || 0);
  });
}

// Shown at once, then as the server has it: its counts include the other members'.
function toggleReaction(annotation, kind, group, status) {
  var button = group.querySelector('button[data-kind="' + kind + '"]');
  if (button.getAttribute("aria-busy") === "true") return;
  var record = detailsOf(annotation) || {};
  var before = { reactions: record.reactions || {}, mine: (record.my_reactions || []).slice() };
  var adding = before.mine.indexOf(kind) < 0;
  var counts = {};
  REACTIONS.forEach(function (pair) {
    counts[pair[0]] = before.reactions[pair[0]] || 0;
  });
  counts[kind] = Math.max(0, counts[kind] + (adding ? 1 : -1));
  var mine = adding ? before.mine.concat([kind]) : before.mine.filter(function (k) { return k !== kind; });
  setReactions(group, counts, mine);
  button.setAttribute("aria-busy", "true");
  status.textContent = "";
  var label = REACTIONS.filter(function (pair) { return pair[0] === kind; })[0][1];
  request(adding ? "POST" : "DELETE", url("reactions", annotation.id), { kind: kind }).then(function (result) {
    button.removeAttribute("aria-busy");
    if (result.ok && result.data) {
      record.reactions = result.data.reactions;
      record.my_reactions = result.data.my_reactions;
      setReactions(group, record.reactions, record.my_reactions);
      announce(label + (adding ? " marked" : " taken back") + ": " + (record.reactions[kind] || 0) + ".");
      return;
    }
    setReactions(group, before.reactions, before.mine);
    if (!group.isConnected) {
      toast("Not saved: " + errorMessage(result));
    } else if (result.status === 403) {
      // No longer a member (removed, or left in another tab): nothing to react with.
      var hadFocus = group.contains(document.activeElement);
      group.parentNode.removeChild(group);
      status.textContent = "Only members of its circle can react to it.";
      if (hadFocus) cardTitle.focus();
      positionCard();
    } else {
      status.textContent = errorMessage(result);
    }
  });
}

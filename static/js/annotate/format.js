/* Words for the card: relative times and capitalised names. */
import { el } from "../dom.js";

const relative = window.Intl && Intl.RelativeTimeFormat ? new Intl.RelativeTimeFormat("en", { numeric: "auto" }) : null;
const UNITS = [
  ["year", 31536000],
  ["month", 2592000],
  ["week", 604800],
  ["day", 86400],
  ["hour", 3600],
  ["minute", 60],
];

function timeAgo(date) {
  var seconds = (date.getTime() - Date.now()) / 1000;
  if (Math.abs(seconds) < 45) return "just now";
  if (!relative) return date.toLocaleString();
  for (var i = 0; i < UNITS.length; i++) {
    if (Math.abs(seconds) >= UNITS[i][1] || UNITS[i][0] === "minute") {
      return relative.format(Math.round(seconds / UNITS[i][1]), UNITS[i][0]);
    }
  }
  return date.toLocaleString();
}

// <time> saying how long ago, with the full date as its title; null for no date.
export function timeElement(iso) {
  var date = new Date(iso);
  if (!iso || isNaN(date.getTime())) return null;
  return el("time", { datetime: iso, title: date.toLocaleString(), text: timeAgo(date) });
}

export function capitalised(word) {
  return word ? word.charAt(0).toUpperCase() + word.slice(1) : word;
}

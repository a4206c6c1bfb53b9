/* How the reader last acted, "pointer" or "keyboard": the toolbar shows its key help and
   the layer switch waits longer for the keyboard. */
let last = "pointer";

export function noteInput(kind) {
  last = kind;
}

export function lastInput() {
  return last;
}

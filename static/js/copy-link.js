// Copy buttons for links shown in a read-only field (a circle's invite links): the
// clipboard API, else the link is selected for the reader to copy. Without this script
// the buttons stay hidden and the field can be selected and copied by hand.

function say(status, text) {
  // Emptied first, so that the same message twice is announced twice.
  status.textContent = "";
  window.setTimeout(function () {
    status.textContent = text;
  }, 50);
}

function selectField(field) {
  field.focus();
  field.select();
  field.setSelectionRange(0, field.value.length);
}

function copy(button) {
  const field = document.getElementById(button.dataset.copy);
  const status = document.getElementById(button.dataset.copyStatus);
  if (!field || !status) return;
  const fallback = function () {
    selectField(field);
    let copied = false;
    try {
      copied = document.execCommand("copy");
    } catch {
      copied = false;
    }
    say(status, copied ? "Link copied." : "The link is selected: press Ctrl+C (⌘C on a Mac) to copy it.");
  };
  if (!navigator.clipboard || !window.isSecureContext) {
    fallback();
    return;
  }
  navigator.clipboard.writeText(field.value).then(function () {
    say(status, "Link copied.");
  }, fallback);
}

for (const button of document.querySelectorAll("button[data-copy]")) {
  button.hidden = false;
  button.addEventListener("click", function () {
    copy(button);
  });
}

// The progress of a large text being added or a large import: polls its task in the
// API, moves the bar, then opens the document added (a text) or shows the page again
// (an import's report, or what failed). Without this script the page has a reload link.

const POLL_MS = 1000;

const box = document.querySelector(".upload-job");

async function poll() {
  let task;
  try {
    const response = await fetch(box.dataset.taskUrl, {
      headers: { Accept: "application/json" },
      credentials: "same-origin",
    });
    if (!response.ok) return;
    task = await response.json();
  } catch {
    setTimeout(poll, POLL_MS * 3); // the network hiccuped: try again, more slowly
    return;
  }
  const bar = box.querySelector("progress");
  bar.value = task.progress;
  bar.textContent = `${task.progress}%`;
  box.querySelector(".upload-job-percent").textContent = `${task.progress}%`;
  const message = box.querySelector(".upload-job-message");
  if (task.state === "done" && task.document) {
    message.textContent = task.message;
    window.location.assign(box.dataset.readUrl.replace("/-/", `/${task.document.slug}/`));
  } else if (task.state === "failed" || task.state === "done") {
    // The page says what became of it and what to do next, as it does without the script.
    window.location.reload();
  } else {
    message.textContent = task.message;
    setTimeout(poll, POLL_MS);
  }
}

if (box && !["done", "failed"].includes(box.dataset.state)) setTimeout(poll, POLL_MS);

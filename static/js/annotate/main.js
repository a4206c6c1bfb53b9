/* Annotating in the reading views: this module starts it; the others each hold one part.

   Select text (mouse, touch, or Shift+arrows) and a small toolbar offers a highlight in
   one of five colours, a comment or tags (toolbar.js, create.js). Click, or Tab to and
   press Enter on, a highlight to open its card: quote, comment, tags, author, time,
   replies; its author edits or deletes it there (card*.js, replies.js, deleting.js). The
   margin count beside a paragraph lists the annotations on it.

   Contract with the server (reader/presenters.py, reader/views/reading.py):
   - #annotation-data (JSON, page.js): the document's slug, the reader, every URL the
     scripts use (with "{id}" where an id goes), the colours, the layer shown, the
     reader's circles with what their role lets them do there ({slug, name, role, can}),
     and the annotations drawn on this page.
   - Each block (id="p-<ordinal>", data-ordinal) has its text in one .t element whose
     data-start is the text's offset in the document text (offsets.js).
   - Marks come bare: classes, and data-starts (the ids of the annotations beginning
     there); the ones that open something get their tab stop, role and name here
     (highlighter.js's nameMarks).
   - page.read_only (an older version's pages): nothing new is created, so no selection
     toolbar; the annotations shown still open their cards.
   - Each annotation's circle (a slug, or null) and hidden (hidden by a moderator: only
     its author and the circle's owners and moderators are sent it).
   Highlights are redrawn here from the same model, with the same rules as the server's
   (highlighter.js), so that the page looks the same before and after a reload.

   Reading circles: an annotation is private, shared with one of its author's circles, or
   public; the card's form moves it between them. On a circle annotation, the circle's
   members mark agree, disagree or question (reactions.js), and its owners and moderators
   hide or unhide it (moderation.js): page data's can.moderate says who they are.

   Revisions: a highlight a new version moved is drawn with a "moved" mark; its card and
   the list of notes whose words are gone let its author settle it (review.js).

   Popular highlights: other readers' public highlights are one shaded layer
   (page.popular); a stretch opens a panel listing them, loaded on demand (popular.js).

   Keys: see keyboard.js.

   No inline scripts or styles are needed: elements are built with the DOM, positions set
   through element.style (which a Content-Security-Policy without 'unsafe-inline' allows).
   API strings go in as text; only comment_html and body_html, sanitised by the server,
   go in as HTML. */
import { KEY_HELP, article, page } from "./page.js";
import { indexSegments } from "./offsets.js";
import { nameMarks } from "./highlighter.js";
import { allAnnotations, loadAnnotations } from "./store.js";
import { createLiveRegions } from "./live.js";
import { createToolbar, hideToolbar, watchSelection } from "./toolbar.js";
import { card, createCard, positionCard } from "./card.js";
import { renderList, renderView } from "./card-view.js";
import { renderEdit } from "./card-edit.js";
import { highlight, startDraft } from "./create.js";
import { listenForKeys } from "./keyboard.js";
import { restoreScrollPosition, watchLayerSwitch } from "./layers.js";
import { watchOrphans } from "./review.js";
import { rovePilcrows } from "./pilcrows.js";
import { watchSharing } from "./sharing.js";
import { watchTarget } from "./target.js";
import { watchMentions } from "./mentions.js";
import { watchPopular } from "./popular.js";

function start() {
  if (!page || !article || !window.fetch || !document.createTreeWalker) return;
  page.annotations = loadAnnotations(page.annotations);
  indexSegments(article);
  nameMarks();
  rovePilcrows(article);
  createLiveRegions();
  if (!page.read_only) {
    createToolbar({
      highlight: highlight,
      draft: startDraft,
      inCard: function (node) {
        return card.contains(node);
      },
    });
    watchSelection();
    watchOrphans();
    watchSharing();
  }
  createCard({ list: renderList, view: renderView, edit: renderEdit });
  listenForKeys();
  window.addEventListener("resize", function () {
    hideToolbar();
    positionCard();
  });
  watchLayerSwitch();
  restoreScrollPosition();
  watchTarget();
  watchMentions();
  watchPopular();

  // For tests and the console: what the page holds now.
  window.Marginalia = {
    annotations: function () {
      return allAnnotations().slice();
    },
    keys: KEY_HELP,
  };
}

start();

"""Readers adding texts to a library (public for staff, a circle's for its owners and
moderators) from a file, a pasted text or a URL: preview, then publish; large texts are
stored by a background job. ``libraries.py`` says where a text may go, ``services.py``
previews and publishes, ``pending.py`` keeps an upload between the two, ``fetch.py``
fetches a URL safely, ``jobs.py`` runs and reports the background work, ``presenters.py``
is the API's JSON."""

"""Export and import of annotations: Markdown, CSV, W3C Web Annotation JSON-LD, print.

``scopes`` decides what goes into an export (always within what the reader may see),
``rows`` streams it in constant memory, the presenters (``jsonld``, ``csv``,
``markdown``) turn one annotation into one format, ``streams`` joins them into whole
files, and ``importer`` takes this project's JSON-LD back.
"""

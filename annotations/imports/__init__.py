"""Highlights brought from other apps (Kindle, Hypothesis, Readwise): one reader per
format, a matcher that finds each quote in a document's text, and the report and
idempotence every import shares (``report.py``, used by the JSON-LD import too)."""

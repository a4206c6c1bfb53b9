"""Demo and scale data: reproducible readers and annotations over the seed corpus.

``manage.py seed_demo`` is a thin wrapper over ``seed_demo()`` (``write.py``). Planning is pure
(texts and a seed in, a list of planned annotations out) so that the same seed gives
the same readers, ranges, tags and replies; writing uses ``bulk_create`` in batches,
one transaction per batch, because 100,000 annotations through the services would
take many minutes.

Ranges are sentence-shaped: one to three consecutive sentences of a paragraph,
sometimes a single clause, occasionally running on into the next paragraph; a pool of
"popular passages" is highlighted by several readers, so highlights overlap.
"""

from annotations.demo.plan import (
    COMMENTS,
    DEMO_PASSWORD,
    TAGS,
    USERNAME_PREFIX,
    plan_annotations,
)
from annotations.demo.texts import (
    DemoError,
    VersionText,
    clause_spans,
    load_seed_texts,
    sentence_spans,
)
from annotations.demo.write import seed_demo, write_annotations

__all__ = [
    "COMMENTS",
    "DEMO_PASSWORD",
    "TAGS",
    "USERNAME_PREFIX",
    "DemoError",
    "VersionText",
    "clause_spans",
    "load_seed_texts",
    "plan_annotations",
    "sentence_spans",
    "seed_demo",
    "write_annotations",
]

"""What the guide tests (here and tests/reader/test_guides.py) make: notes shared with
the study group, as a guide reads them."""

from tests.annotations.conftest import highlight


def shared(document, author, quote="tax in kind", tags=("nep",), **fields):
    """``author``'s note of ``quote`` shared with the study group, tagged ``tags``."""
    return highlight(
        document,
        author,
        quote,
        tags=list(tags),
        visibility="circle",
        circle="study-group",
        **fields,
    )

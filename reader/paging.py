"""Reading a ``?page=`` value, the one way every paged view does."""


def page_number(value: str | None, *, last: int) -> int:
    """A page number from 1 to ``last``: a larger one is ``last``, anything that is not a
    number is page 1."""
    if value and value.isascii() and value.isdigit() and len(value) <= 6:
        return min(max(1, int(value)), last)
    return 1

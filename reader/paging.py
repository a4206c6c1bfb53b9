"""Reading a ``?page=`` value, the one way every paged view does.

A page that is not one of the list's (``?page=999``, ``?page=0``, ``?page=two``) is a
404, as an unknown address is: a link to it is stale or mistyped, and showing the first
page instead would pass it off as the page asked for. No ``page`` is the first page.
"""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import Http404


def page_number(value: str | None, *, last: int) -> int:
    """The page asked for, from 1 to ``last`` (1 when none is); Http404 otherwise."""
    if not value:
        return 1
    if value.isascii() and value.isdigit() and len(value) <= 6 and 1 <= int(value) <= last:
        return int(value)
    raise Http404(f"There is no page {value[:20]!r} of this list.")


def check_page(asked: int, *, count: int) -> None:
    """Http404 when page ``asked`` is past the last of ``count`` pages (an empty list has
    one page, saying so)."""
    if asked > max(1, count):
        raise Http404(f"There is no page {asked} of this list; it has {max(1, count)}.")


def page_of(items, value: str | None, *, per_page: int) -> Page:
    """Page ``value`` of ``items``, ``per_page`` a page: the one count query, then the page;
    Http404 for a page the list does not have."""
    paginator = Paginator(items, per_page)
    number = page_number(value, last=10**6)
    check_page(number, count=paginator.num_pages)
    return paginator.page(number)

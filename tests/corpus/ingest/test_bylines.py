"""A web page's author field made into names: what trafilatura read from real pages
(mozilla/readability's test pages) and what a reader should see."""

import pytest

from corpus.ingest.readers.bylines import names


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("Eleanor Ainge Roy", "Eleanor Ainge Roy"),
        ("By Erin Cunningham", "Erin Cunningham"),
        # A date run on after the name, its digits gone.
        ("Nathan Willis March", "Nathan Willis"),
        ("Joshua Sokol May", "Joshua Sokol"),
        ("Joe Wee Monday; February", "Joe Wee"),
        # The same name twice, once in capitals; credentials; a profile link.
        ("Jeffrey Gettleman; JEFFREY GETTLEMAN", "Jeffrey Gettleman"),
        ("Brenda Goodman; MA", "Brenda Goodman"),
        ("Bradley M. Kuhn (http://ebb.org/bkuhn/)", "Bradley M. Kuhn"),
        ("Bradley M Kuhn http; Ebb Org; Bkuhn", "Bradley M Kuhn"),
        ("Stella Kim; Jennifer Jett", "Stella Kim, Jennifer Jett"),
        ("Stella Kim, Jennifer Jett", "Stella Kim, Jennifer Jett"),
        # Placeholders and what is not a name at all.
        ("Username", None),
        ("Follow Author", None),
        ("Authority control", None),
        ("Contributors to Wikimedia projects", None),
        ("Last Updated January 7", None),
        ("April 28, 2019 at 6:01 am", None),
        ("", None),
        (None, None),
        # Names that look like dates stay names.
        ("Theresa May", "Theresa May"),
        ("April Ryan", "April Ryan"),
        ("Fredric March", "Fredric March"),
    ],
)
def test_it_keeps_the_names_of_a_byline(raw, expected):
    assert names(raw) == expected

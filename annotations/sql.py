"""SQL the ORM has no words for, written once for both databases."""

from __future__ import annotations

import json
from collections.abc import Iterable

from django.db.models import BigIntegerField, Expression


class IdList(Expression):
    """A list of ids as one query parameter, for ``field__in=IdList(ids)``.

    Thousands of ids go as one JSON array (SQLite's ``json_each``) or one array
    (PostgreSQL's ``unnest``): no statement with thousands of placeholders, no limit on
    their number, and no need to run the query that found them again as a subquery.
    """

    output_field = BigIntegerField()

    def __init__(self, ids: Iterable[int]):
        super().__init__()
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection):
        return "SELECT value FROM json_each(%s)", [json.dumps(self.ids)]

    def as_postgresql(self, compiler, connection):
        return "SELECT unnest(%s::bigint[])", [self.ids]

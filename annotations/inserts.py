"""Many new rows of one model in a few statements, with their ids: ``bulk_create``'s job
with less work a value.

Django's ``bulk_create`` runs its whole per-value machinery (expressions, pre-save hooks,
placeholders) for every field of every row; an import of thousands of annotations spent
half its time there. Here each field's value goes through the field's own
``get_db_prep_save`` (the same conversion to the database's form) and nothing else, in
multi-row ``INSERT … RETURNING`` statements (SQLite 3.35+, PostgreSQL). For models whose
fields compute nothing on save (no ``auto_now``); others are refused.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router

# SQLite counts bound parameters (999 on older builds); PostgreSQL allows 65,535.
MAX_PARAMETERS = 999


def rows_insert(model: type[models.Model], objects: Sequence[models.Model]) -> None:
    """Insert ``objects`` (unsaved instances of ``model``), setting each one's id. The
    caller holds the transaction. Side effects: the rows."""
    if not objects:
        return
    database = router.db_for_write(model)
    connection = connections[database]
    if not connection.features.can_return_rows_from_bulk_insert:  # pragma: no cover
        model.objects.using(database).bulk_create(objects)
        return
    meta = model._meta
    fields = [field for field in meta.concrete_fields if field is not meta.pk]
    for field in fields:
        if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            raise ValueError(f"{meta.label}.{field.name} is set on save; use bulk_create.")
    quote = connection.ops.quote_name
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    head = (
        f"INSERT INTO {quote(meta.db_table)} ({', '.join(quote(f.column) for f in fields)}) VALUES "
    )
    tail = f" RETURNING {quote(meta.pk.column)}"
    prepare = [(field.attname, field.get_db_prep_save) for field in fields]
    size = max(1, MAX_PARAMETERS // len(fields))
    with connection.cursor() as cursor:
        for first in range(0, len(objects), size):
            batch = objects[first : first + size]
            values = [
                convert(getattr(instance, attname), connection)
                for instance in batch
                for attname, convert in prepare
            ]
            cursor.execute(head + ", ".join([row] * len(batch)) + tail, values)
            for instance, (pk,) in zip(batch, cursor.fetchall(), strict=True):
                instance.pk = pk
                instance._state.adding = False
                instance._state.db = database

"""Full-text indexes over notes (annotations' quotes and comments, replies), for
annotations/search.py, as corpus.0002/0003 do for paragraphs.

SQLite: FTS5 external-content tables annotations_annotation_fts (exact, comment) and
annotations_reply_fts (body), porter-stemmed, kept in sync by triggers. PostgreSQL:
stored generated tsvector columns (english) with GIN indexes. Tags are matched by name,
through taggit's unique index, not indexed here.

Caution: a later migration that makes Django rebuild annotations_annotation or
annotations_reply on SQLite (most AlterField) drops these triggers;
tests/annotations/search/test_notes_search.py checks they exist.
"""

from django.db import migrations

TOKENIZER = "porter unicode61 remove_diacritics 2"
# FTS5 table: (content table, its columns)
TABLES = {
    "annotations_annotation_fts": ("annotations_annotation", ("exact", "comment")),
    "annotations_reply_fts": ("annotations_reply", ("body",)),
}


def _sqlite_forward():
    statements = []
    for table, (content, columns) in TABLES.items():
        names = ", ".join(columns)
        new = ", ".join(f"new.{column}" for column in columns)
        old = ", ".join(f"old.{column}" for column in columns)
        insert = f"INSERT INTO {table}(rowid, {names}) VALUES (new.id, {new});"
        delete = f"INSERT INTO {table}({table}, rowid, {names}) VALUES ('delete', old.id, {old});"
        statements += [
            f"CREATE VIRTUAL TABLE {table} USING fts5({names}, content='{content}', "
            f"content_rowid='id', tokenize='{TOKENIZER}')",
            f"CREATE TRIGGER {table}_insert AFTER INSERT ON {content} BEGIN {insert} END",
            f"CREATE TRIGGER {table}_delete AFTER DELETE ON {content} BEGIN {delete} END",
            f"CREATE TRIGGER {table}_update AFTER UPDATE OF {names} ON {content} "
            f"BEGIN {delete}{insert} END",
            f"INSERT INTO {table}({table}) VALUES ('rebuild')",
        ]
    return statements


SQLITE_REVERSE = [
    statement
    for table in TABLES
    for statement in (
        f"DROP TRIGGER IF EXISTS {table}_insert",
        f"DROP TRIGGER IF EXISTS {table}_delete",
        f"DROP TRIGGER IF EXISTS {table}_update",
        f"DROP TABLE IF EXISTS {table}",
    )
]

POSTGRESQL_FORWARD = [
    "ALTER TABLE annotations_annotation ADD COLUMN search_english tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, exact || ' ' || comment)) STORED",
    "CREATE INDEX annotations_annotation_search_gin ON annotations_annotation "
    "USING gin (search_english)",
    "ALTER TABLE annotations_reply ADD COLUMN search_english tsvector "
    "GENERATED ALWAYS AS (to_tsvector('english'::regconfig, body)) STORED",
    "CREATE INDEX annotations_reply_search_gin ON annotations_reply USING gin (search_english)",
]

POSTGRESQL_REVERSE = [
    "ALTER TABLE annotations_annotation DROP COLUMN IF EXISTS search_english",
    "ALTER TABLE annotations_reply DROP COLUMN IF EXISTS search_english",
]


def _run(sqlite, postgresql):
    def run(apps, schema_editor):
        statements = {"sqlite": sqlite, "postgresql": postgresql}.get(
            schema_editor.connection.vendor, []
        )
        for statement in statements:
            schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):
    dependencies = [("annotations", "0010_deleted_annotation")]

    operations = [
        migrations.RunPython(
            _run(_sqlite_forward(), POSTGRESQL_FORWARD),
            _run(SQLITE_REVERSE, POSTGRESQL_REVERSE),
            elidable=False,
        ),
    ]

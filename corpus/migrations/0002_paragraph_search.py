"""Full-text indexes over paragraph text, for corpus.search.

SQLite: two FTS5 external-content tables over corpus_paragraph, kept in sync by triggers:
corpus_paragraph_fts (porter stemming: words and phrases) and corpus_paragraph_fts_prefix
(no stemming: prefixes, since a stem such as "collectiv" does not start with
"collectivi"). PostgreSQL: GIN expression indexes on to_tsvector('english', text) and
to_tsvector('simple', text), which corpus.search writes out exactly.

Caution: a later migration that makes Django rebuild corpus_paragraph on SQLite (most
AlterField) drops these triggers; tests/search/test_search.py checks they exist.
"""

from django.db import migrations

TOKENIZERS = {
    "corpus_paragraph_fts": "porter unicode61 remove_diacritics 2",
    "corpus_paragraph_fts_prefix": "unicode61 remove_diacritics 2",
}


def _sqlite_forward():
    statements = []
    for table, tokenizer in TOKENIZERS.items():
        statements.append(
            f"CREATE VIRTUAL TABLE {table} USING fts5(text, content='corpus_paragraph', "
            f"content_rowid='id', tokenize='{tokenizer}')"
        )
    insert = "".join(
        f"INSERT INTO {table}(rowid, text) VALUES (new.id, new.text);" for table in TOKENIZERS
    )
    delete = "".join(
        f"INSERT INTO {table}({table}, rowid, text) VALUES ('delete', old.id, old.text);"
        for table in TOKENIZERS
    )
    statements += [
        f"CREATE TRIGGER corpus_paragraph_fts_insert AFTER INSERT ON corpus_paragraph "
        f"BEGIN {insert} END",
        f"CREATE TRIGGER corpus_paragraph_fts_delete AFTER DELETE ON corpus_paragraph "
        f"BEGIN {delete} END",
        f"CREATE TRIGGER corpus_paragraph_fts_update AFTER UPDATE OF text ON corpus_paragraph "
        f"BEGIN {delete}{insert} END",
    ]
    statements += [f"INSERT INTO {table}({table}) VALUES ('rebuild')" for table in TOKENIZERS]
    return statements


SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS corpus_paragraph_fts_insert",
    "DROP TRIGGER IF EXISTS corpus_paragraph_fts_delete",
    "DROP TRIGGER IF EXISTS corpus_paragraph_fts_update",
    *[f"DROP TABLE IF EXISTS {table}" for table in TOKENIZERS],
]

POSTGRESQL_FORWARD = [
    "CREATE INDEX corpus_paragraph_text_english_gin ON corpus_paragraph "
    "USING gin (to_tsvector('english'::regconfig, text))",
    "CREATE INDEX corpus_paragraph_text_simple_gin ON corpus_paragraph "
    "USING gin (to_tsvector('simple'::regconfig, text))",
]

POSTGRESQL_REVERSE = [
    "DROP INDEX IF EXISTS corpus_paragraph_text_english_gin",
    "DROP INDEX IF EXISTS corpus_paragraph_text_simple_gin",
]


def _execute(schema_editor, statements):
    for statement in statements:
        schema_editor.execute(statement, params=None)


def create_search_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _execute(schema_editor, _sqlite_forward())
    elif vendor == "postgresql":
        _execute(schema_editor, POSTGRESQL_FORWARD)
    # Other databases: corpus.search falls back to a plain substring search.


def drop_search_indexes(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        _execute(schema_editor, SQLITE_REVERSE)
    elif vendor == "postgresql":
        _execute(schema_editor, POSTGRESQL_REVERSE)


class Migration(migrations.Migration):

    dependencies = [
        ("corpus", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(create_search_indexes, drop_search_indexes, elidable=False),
    ]

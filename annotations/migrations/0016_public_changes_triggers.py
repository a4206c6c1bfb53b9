"""Triggers that count, on each document version, the changes to its public annotations
(``DocumentVersion.public_changes``, added by corpus 0005): the popular layer's cache key
(annotations/margin.py).

In the database rather than in Django so that every write counts: a save, a bulk insert
(annotations/inserts.py), a bulk update (re-anchoring), a queryset update, the delete of
an account or a document with everything on it. A change counts when a public annotation
is added or removed, or when one is, or becomes, public and its version, offsets, author,
visibility or anchor change (what the popular layer reads). A guard keeps the count from
going back should anything write an older value over it (a version saved from a copy
loaded before a change).

Caution: a later migration that makes Django rebuild annotations_annotation or
corpus_documentversion on SQLite (most AlterField) drops these triggers;
tests/annotations/test_public_changes.py checks they exist.
"""

from django.db import migrations

BUMP = "UPDATE corpus_documentversion SET public_changes = public_changes + 1 WHERE id = {}"
# What the popular layer reads of an annotation (annotations/margin.py, _public_marks).
READ = ("version_id", "start", '"end"', "author_id", "visibility", "anchor")

SQLITE_FORWARD = [
    "CREATE TRIGGER annotation_public_insert AFTER INSERT ON annotations_annotation "
    "WHEN NEW.visibility = 'public' "
    f"BEGIN {BUMP.format('NEW.version_id')}; END",
    "CREATE TRIGGER annotation_public_delete AFTER DELETE ON annotations_annotation "
    "WHEN OLD.visibility = 'public' "
    f"BEGIN {BUMP.format('OLD.version_id')}; END",
    "CREATE TRIGGER annotation_public_update AFTER UPDATE ON annotations_annotation "
    "WHEN (OLD.visibility = 'public' OR NEW.visibility = 'public') AND ("
    + " OR ".join(f"OLD.{column} IS NOT NEW.{column}" for column in READ)
    + f") BEGIN {BUMP.format('OLD.version_id')}; "
    f"{BUMP.format('NEW.version_id')} AND NEW.version_id IS NOT OLD.version_id; END",
    "CREATE TRIGGER corpus_version_public_changes_kept "
    "AFTER UPDATE OF public_changes ON corpus_documentversion "
    "WHEN NEW.public_changes < OLD.public_changes "
    "BEGIN UPDATE corpus_documentversion SET public_changes = OLD.public_changes + 1 "
    "WHERE id = NEW.id; END",
]

SQLITE_REVERSE = [
    "DROP TRIGGER IF EXISTS annotation_public_insert",
    "DROP TRIGGER IF EXISTS annotation_public_delete",
    "DROP TRIGGER IF EXISTS annotation_public_update",
    "DROP TRIGGER IF EXISTS corpus_version_public_changes_kept",
]

POSTGRESQL_FORWARD = [
    """
    CREATE FUNCTION annotation_public_changed() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP <> 'INSERT' AND OLD.visibility = 'public' THEN
            UPDATE corpus_documentversion SET public_changes = public_changes + 1
            WHERE id = OLD.version_id;
        END IF;
        IF TG_OP <> 'DELETE' AND NEW.visibility = 'public'
           AND (TG_OP = 'INSERT' OR OLD.visibility <> 'public'
                OR NEW.version_id <> OLD.version_id) THEN
            UPDATE corpus_documentversion SET public_changes = public_changes + 1
            WHERE id = NEW.version_id;
        END IF;
        RETURN NULL;
    END
    $$
    """,
    "CREATE TRIGGER annotation_public_insert AFTER INSERT ON annotations_annotation "
    "FOR EACH ROW WHEN (NEW.visibility = 'public') "
    "EXECUTE FUNCTION annotation_public_changed()",
    "CREATE TRIGGER annotation_public_delete AFTER DELETE ON annotations_annotation "
    "FOR EACH ROW WHEN (OLD.visibility = 'public') "
    "EXECUTE FUNCTION annotation_public_changed()",
    "CREATE TRIGGER annotation_public_update AFTER UPDATE ON annotations_annotation "
    "FOR EACH ROW WHEN ((OLD.visibility = 'public' OR NEW.visibility = 'public') AND ("
    + ", ".join(f"OLD.{column}" for column in READ)
    + ") IS DISTINCT FROM ("
    + ", ".join(f"NEW.{column}" for column in READ)
    + ")) EXECUTE FUNCTION annotation_public_changed()",
    """
    CREATE FUNCTION corpus_version_public_changes_kept() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF NEW.public_changes < OLD.public_changes THEN
            NEW.public_changes := OLD.public_changes + 1;
        END IF;
        RETURN NEW;
    END
    $$
    """,
    "CREATE TRIGGER corpus_version_public_changes_kept "
    "BEFORE UPDATE OF public_changes ON corpus_documentversion "
    "FOR EACH ROW EXECUTE FUNCTION corpus_version_public_changes_kept()",
]

POSTGRESQL_REVERSE = [
    "DROP TRIGGER IF EXISTS annotation_public_insert ON annotations_annotation",
    "DROP TRIGGER IF EXISTS annotation_public_delete ON annotations_annotation",
    "DROP TRIGGER IF EXISTS annotation_public_update ON annotations_annotation",
    "DROP FUNCTION IF EXISTS annotation_public_changed()",
    "DROP TRIGGER IF EXISTS corpus_version_public_changes_kept ON corpus_documentversion",
    "DROP FUNCTION IF EXISTS corpus_version_public_changes_kept()",
]

STATEMENTS = {
    "sqlite": (SQLITE_FORWARD, SQLITE_REVERSE),
    "postgresql": (POSTGRESQL_FORWARD, POSTGRESQL_REVERSE),
}


def _run(schema_editor, forward: bool) -> None:
    statements = STATEMENTS.get(schema_editor.connection.vendor)
    if statements is None:
        raise NotImplementedError(
            f"No public-changes triggers for {schema_editor.connection.vendor}: "
            "Marginalia runs on SQLite and PostgreSQL."
        )
    for statement in statements[0 if forward else 1]:
        schema_editor.execute(statement, params=None)


def create_triggers(apps, schema_editor):
    _run(schema_editor, forward=True)


def drop_triggers(apps, schema_editor):
    _run(schema_editor, forward=False)


class Migration(migrations.Migration):
    dependencies = [
        ("annotations", "0015_tagged_covering_idx"),
        ("corpus", "0005_version_public_changes"),
    ]

    operations = [migrations.RunPython(create_triggers, drop_triggers)]

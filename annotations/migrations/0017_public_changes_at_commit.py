"""On PostgreSQL, the public-changes count (migration 0016) is bumped when the writing
transaction commits, not at each write: the triggers become constraint triggers,
DEFERRABLE INITIALLY DEFERRED.

Bumping takes a lock on the version's row until the transaction ends. At each write, a
long transaction (re-anchoring's bulk update of thousands of annotations, a large import)
held it from its first public row to its end: every other public write to that version
waited that long, and one that had already locked an annotation the long one still had to
move made a deadlock. At commit, the lock is held only while the transaction commits,
after it has taken every other lock it needs. The count still moves before any reader can
see the change, since nothing is seen before its commit.

SQLite has one writer at a time: its triggers (0016) stay as they are.
"""

from django.db import migrations

# name -> (event, condition), as migration 0016 made them.
TRIGGERS = {
    "annotation_public_insert": ("AFTER INSERT", "NEW.visibility = 'public'"),
    "annotation_public_delete": ("AFTER DELETE", "OLD.visibility = 'public'"),
    "annotation_public_update": (
        "AFTER UPDATE",
        "(OLD.visibility = 'public' OR NEW.visibility = 'public') AND "
        '(OLD.version_id, OLD.start, OLD."end", OLD.author_id, OLD.visibility, OLD.anchor) '
        "IS DISTINCT FROM "
        '(NEW.version_id, NEW.start, NEW."end", NEW.author_id, NEW.visibility, NEW.anchor)',
    ),
}


def _create(deferred: bool) -> list[str]:
    """Each trigger dropped and made again: at commit (a constraint trigger) or at once."""
    kind = "CONSTRAINT TRIGGER" if deferred else "TRIGGER"
    timing = " DEFERRABLE INITIALLY DEFERRED" if deferred else ""
    statements = []
    for name, (event, condition) in TRIGGERS.items():
        statements += [
            f"DROP TRIGGER IF EXISTS {name} ON annotations_annotation",
            f"CREATE {kind} {name} {event} ON annotations_annotation{timing} "
            f"FOR EACH ROW WHEN ({condition}) EXECUTE FUNCTION annotation_public_changed()",
        ]
    return statements


def at_commit(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _create(deferred=True):
            schema_editor.execute(statement, params=None)


def at_once(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in _create(deferred=False):
            schema_editor.execute(statement, params=None)


class Migration(migrations.Migration):
    dependencies = [("annotations", "0016_public_changes_triggers")]

    operations = [migrations.RunPython(at_commit, at_once)]

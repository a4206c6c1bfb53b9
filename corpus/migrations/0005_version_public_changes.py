"""DocumentVersion.public_changes: how many times the public annotations on the version
changed, bumped by database triggers (annotations 0016); the popular layer's cache key.

Added with ALTER TABLE rather than Django's AddField, which on SQLite would rebuild the
table for a column with a default.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0004_paragraph_note_label"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE corpus_documentversion "
                    "ADD COLUMN public_changes bigint NOT NULL DEFAULT 0",
                    "ALTER TABLE corpus_documentversion DROP COLUMN public_changes",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="documentversion",
                    name="public_changes",
                    field=models.PositiveBigIntegerField(default=0, editable=False),
                )
            ],
        )
    ]

"""Paragraph.note_label: a note's printed symbol ('*', '†') where it is no number.

Added with ALTER TABLE rather than Django's AddField: on SQLite AddField rebuilds the
table, which would drop the full-text search triggers 0002 put on it.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("corpus", "0003_paragraph_search_columns"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "ALTER TABLE corpus_paragraph "
                    "ADD COLUMN note_label varchar(16) NOT NULL DEFAULT ''",
                    "ALTER TABLE corpus_paragraph DROP COLUMN note_label",
                )
            ],
            state_operations=[
                migrations.AddField(
                    model_name="paragraph",
                    name="note_label",
                    field=models.CharField(blank=True, default="", max_length=16),
                )
            ],
        )
    ]

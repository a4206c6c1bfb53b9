from django.apps import AppConfig


class CorpusConfig(AppConfig):
    """Documents, their versions, sections and paragraphs. Knows nothing of users."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "corpus"

from django.apps import AppConfig


class ReaderConfig(AppConfig):
    """The HTML pages people see; calls into corpus and annotations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "reader"

from django.apps import AppConfig


class AnnotationsConfig(AppConfig):
    """Everything readers create: highlights, tags, notes, circles, study guides."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "annotations"

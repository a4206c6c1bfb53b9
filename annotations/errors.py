"""The errors of the annotations app's services, each saying what was wrong."""


class AnnotationError(ValueError):
    """Bad input, with the field it concerns: a 400 naming the field, or a form error."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message

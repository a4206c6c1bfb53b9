"""A large JSON-LD import done by a task (``tasks.import_annotations``), with its
progress and, once done, its report."""

from django.db import models

from annotations.models.jobs import Job


class ImportJob(Job):
    data = models.BinaryField()  # the file, emptied once imported
    report = models.JSONField(default=dict)  # ImportReport.as_json(), once done

    def __str__(self) -> str:
        return f"import {super().__str__()}"

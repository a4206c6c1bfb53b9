"""How many requests a client made in the current window of each API rate: one row a
client and rate, shared by every app server (annotations.api.throttles)."""

from django.db import models


class ThrottleCount(models.Model):
    key = models.CharField(max_length=200, primary_key=True)  # "<scope>:<client>"
    started = models.BigIntegerField()  # the window's start, in seconds since the epoch
    hits = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.key}: {self.hits} since {self.started}"

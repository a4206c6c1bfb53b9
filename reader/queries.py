"""Reads of what the reader app stores, for the pages that show it."""

from __future__ import annotations

from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import AnonymousUser

from reader.models import ReadingPosition


def positions_for_user(user: AbstractBaseUser | AnonymousUser) -> dict[int, ReadingPosition]:
    """The reader's position in each document they have read, by document id, in one query.

    Anonymous visitors have none (and cost no query).
    """
    if not user.is_authenticated:
        return {}
    return {
        position.document_id: position
        for position in ReadingPosition.objects.filter(user_id=user.pk)
    }

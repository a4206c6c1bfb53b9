"""A guide's open questions: its annotations marked as a question, by a "question"
reaction or a tag such as ``question`` or ``?`` (``_Topic.asked_ids`` in guide.py), that
nobody has answered yet (pure)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

QUESTION_TAGS = frozenset({"question", "questions", "?", "q", "open-question"})


def is_question_tag(name: str) -> bool:
    return name.strip().lower().lstrip("#") in QUESTION_TAGS


@dataclass(slots=True)
class OpenQuestion:
    annotation: Any  # a GuideAnnotation
    passage: Any  # the GuidePassage it is in


def open_questions(passages: Iterable[Any], asked: set[int]) -> list[OpenQuestion]:
    """The annotations of ``passages`` (in their order) asked as questions (``asked``: their
    ids, as the guide's ``_Topic.asked_ids`` finds them) with no reply."""
    return [
        OpenQuestion(annotation, passage)
        for passage in passages
        for annotation in passage.annotations
        if annotation.id in asked and not annotation.replies
    ]

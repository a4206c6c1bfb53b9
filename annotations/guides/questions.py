"""A guide's open questions: its annotations marked as a question, by a "question"
reaction or a tag such as ``question`` or ``?``, that nobody has answered yet (pure)."""

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


def open_questions(
    passages: Iterable[Any], reactions: dict[int, dict[str, int]]
) -> list[OpenQuestion]:
    """The annotations of ``passages`` (in their order) asked as questions, with no reply."""
    found = []
    for passage in passages:
        for annotation in passage.annotations:
            if annotation.replies:
                continue
            asked = reactions.get(annotation.id, {}).get("question", 0) > 0
            if asked or any(is_question_tag(tag) for tag in annotation.tags):
                found.append(OpenQuestion(annotation, passage))
    return found

"""Plain text: decoded, then read by ``parse_text`` (which finds the text's dialect)."""

from __future__ import annotations

import dataclasses

from ..blocks import ParsedDocument
from ..parse import parse_text
from .build import decode


def read(data: bytes, *, filename: str = "") -> ParsedDocument:
    text, warnings = decode(data)
    parsed = parse_text(text)
    return dataclasses.replace(parsed, warnings=[*warnings, *parsed.warnings])

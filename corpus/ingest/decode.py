"""Bytes to text: UTF-8, or cp1252 with a warning; empty and binary files refused."""

from __future__ import annotations

import re

from .blocks import IngestError

# Control characters but tab, newline, form feed and carriage return.
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f]")

_BINARY_SIGNATURES = (
    b"%PDF",
    b"\x89PNG",
    b"GIF8",
    b"\xff\xd8\xff",
    b"PK\x03\x04",
    b"\x7fELF",
    b"\x1f\x8b",
)


def decode_bytes(data: bytes, name: str) -> tuple[str, list[str]]:
    """Return the text of ``data`` and any warnings; raise IngestError naming ``name``."""
    if not data.strip():
        raise IngestError(f"{name}: the file is empty")
    if data.startswith(_BINARY_SIGNATURES) or b"\x00" in data[:65536]:
        raise IngestError(f"{name}: this is a binary file, not text")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    warnings: list[str] = []
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = f"byte 0x{data[exc.start]:02x} at offset {exc.start}"
        try:
            text = data.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise IngestError(
                f"{name}: not UTF-8 ({utf8_error}) and not cp1252 either "
                f"(byte 0x{data[exc.start]:02x} at offset {exc.start})"
            ) from None
        warnings.append(f"{name}: not valid UTF-8 ({utf8_error}); decoded as cp1252")
    if _looks_binary(text):
        raise IngestError(f"{name}: this is a binary file, not text")
    return text, warnings


def _looks_binary(text: str) -> bool:
    sample = text[:65536]
    controls = len(_CONTROL.findall(sample))
    return controls > len(sample) * 0.01

"""Rule 8: decode_bytes tries UTF-8, then cp1252 with a warning; empty or binary data fails."""

from __future__ import annotations

import pytest

from corpus.ingest import decode_bytes
from corpus.ingest.blocks import IngestError

PNG_HEADER = (
    b"\x89PNG\r\n\x1a\n"
    b"\x00\x00\x00\rIHDR\x00\x00\x00\x10\x00\x00\x00\x10\x08\x06\x00\x00\x00\x1f\xf3\xffa"
)


def test_it_decodes_utf8_without_warnings():
    text = "Stalin’s “revolution from above” – 1929—39, détente…\n"
    assert decode_bytes(text.encode("utf-8"), "stalin.txt") == (text, [])


def test_it_decodes_every_seed_as_utf8_without_warnings(seed_bytes, seed_name):
    data = seed_bytes[seed_name]
    assert decode_bytes(data, f"{seed_name}.txt") == (data.decode("utf-8"), [])


@pytest.mark.parametrize(
    "text",
    ["‘smart’ quotes", "Stalin’s “revolution from above” – 1929—39, détente…\n"],
)
def test_it_falls_back_to_cp1252_with_one_warning(text):
    decoded, warnings = decode_bytes(text.encode("cp1252"), "legacy.txt")
    assert decoded == text
    assert len(warnings) == 1
    assert "cp1252" in warnings[0].lower()


def test_it_strips_a_utf8_byte_order_mark():
    text = "Stalin’s “revolution from above”\n"
    assert decode_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"), "bom.txt") == (text, [])


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"", "empty.txt"),
        (b"Soviet\x00socialism\x00\x00", "nul-bytes.txt"),
        (PNG_HEADER, "cover.png"),
    ],
    ids=["empty", "nul-bytes", "png"],
)
def test_it_refuses_empty_or_binary_data_naming_the_file(data, name):
    with pytest.raises(IngestError) as raised:
        decode_bytes(data, name)
    message = str(raised.value)
    assert name in message
    assert "\n" not in message.strip()

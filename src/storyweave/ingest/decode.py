"""Bytes to text: BOMs, UTF-8, legacy encodings; clear errors for binary data."""

from __future__ import annotations

import codecs
import re

from storyweave.errors import BinaryInputError, DecodeError, EmptyInputError

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_MAGIC = (
    (b"%PDF", "a PDF document"),
    (b"\x89PNG", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"PK\x03\x04", "a ZIP archive (or Office document)"),
    (b"\x1f\x8b", "gzip-compressed data"),
    (b"\x7fELF", "an executable"),
)
# Share of control characters above which decoded text is taken for binary data.
MAX_CONTROL_SHARE = 0.02


def decode_bytes(data: bytes, source: str) -> str:
    """Decode ``data`` read from ``source``; raise an ``InputError`` naming it if we cannot."""
    if not data.strip():
        raise EmptyInputError(source, "empty file")
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            raise BinaryInputError(source, f"binary file ({kind}), not text")
    text = _decode(data, source)
    if not text.strip():
        raise EmptyInputError(source, "empty file (only whitespace)")
    if _control_share(text) > MAX_CONTROL_SHARE:
        raise BinaryInputError(source, "binary file, not text")
    return text


def _decode(data: bytes, source: str) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as exc:
                raise DecodeError(source, f"invalid {encoding} after its byte-order mark") from exc
    if b"\x00" in data:
        return _decode_with_nuls(data, source)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise DecodeError(source, "cannot decode: the text encoding is not recognised")
    return str(best)


def _decode_with_nuls(data: bytes, source: str) -> str:
    """UTF-16 without a byte-order mark has NULs in every other byte; anything else is binary."""
    sample = data[:4096]
    even_nuls = sample[0::2].count(0) / max(1, len(sample[0::2]))
    odd_nuls = sample[1::2].count(0) / max(1, len(sample[1::2]))
    # Text in UTF-16 has NULs on one side only (ASCII letters, spaces, punctuation).
    encoding = (
        "utf-16-le" if odd_nuls > 0.05 and even_nuls < 0.01
        else "utf-16-be" if even_nuls > 0.05 and odd_nuls < 0.01
        else None
    )
    if encoding is None:
        raise BinaryInputError(source, "binary file, not text")
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise DecodeError(source, f"cannot decode as {encoding}") from exc


# Control characters that do not belong in text (tab, newlines, form feed and vertical tab do).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0e-\x1f]")


def _control_share(text: str) -> float:
    sample = text[:8192]
    controls = len(_CONTROL_RE.findall(sample)) + sample.count("\ufffd")
    return controls / max(1, len(sample))

"""Join hard-wrapped lines back into paragraphs.

A scraped article comes either one paragraph per line (possibly without blank
lines between them) or hard-wrapped at a fixed width with blank lines between
paragraphs. We tell the two apart from the lines themselves: in wrapped text
most lines inside a block stop mid-sentence and have similar lengths.
"""

from __future__ import annotations

import itertools
import re
import statistics

from storyweave.clean.rules import ends_sentence

_MULTISPACE_RE = re.compile(r" {2,}")

# A block is hard-wrapped when at least this share of its non-final lines stop
# mid-sentence (measured on the real example: 0.85 for the wrapped article,
# 0.0-0.1 for the one-paragraph-per-line ones).
WRAPPED_SHARE = 0.5
# In wrapped text a line that ends a sentence and is shorter than this share of
# the wrap width ends its paragraph.
SHORT_LINE = 0.6


def unwrap(kept: list[tuple[int, str] | None]) -> str:
    """Paragraphs from kept lines (``None`` marks a blank or removed line)."""
    blocks: list[list[str]] = [[]]
    for entry in kept:
        if entry is None:
            if blocks[-1]:
                blocks.append([])
        else:
            blocks[-1].append(entry[1])
    blocks = [b for b in blocks if b]
    width = _wrap_width(blocks)
    paragraphs: list[str] = []
    for block in blocks:
        paragraphs.extend(_join_block(block, width))
    return "\n\n".join(_MULTISPACE_RE.sub(" ", p).strip() for p in paragraphs if p.strip())


def _wrap_width(blocks: list[list[str]]) -> int | None:
    """The wrap width of hard-wrapped text, or None when lines are paragraphs."""
    inner = [line for block in blocks for line in block[:-1]]
    if len(inner) < 3:
        return None
    unfinished = sum(1 for line in inner if not ends_sentence(line))
    if unfinished / len(inner) < WRAPPED_SHARE:
        return None
    lengths = [len(line) for block in blocks for line in block]
    width = int(statistics.quantiles(lengths, n=10)[-1]) if len(lengths) >= 2 else lengths[0]
    return width if width <= 160 else None


def _join_block(block: list[str], width: int | None) -> list[str]:
    paragraphs = [block[0]]
    for previous, line in itertools.pairwise(block):
        if _continues(previous, line, width):
            joined = paragraphs[-1]
            hyphenated = re.search(r"[A-Za-z]-$", joined) and line[:1].islower()
            paragraphs[-1] = joined + ("" if hyphenated else " ") + line
        else:
            paragraphs.append(line)
    return paragraphs


def _continues(previous: str, line: str, width: int | None) -> bool:
    """Does ``line`` continue the paragraph whose last physical line is ``previous``?"""
    if width is None:
        return not ends_sentence(previous) and line[:1].islower()
    if not ends_sentence(previous):
        return True
    return len(previous) >= SHORT_LINE * width

"""The per-article work of an ingest (read, clean, detect the language, split sentences,
count clustering features, MinHash), spread over worker processes.

Two rounds: inputs are cut into parts (a file, or a run of lines of a JSONL file) that are
read and cleaned in parallel; then only the articles not stored yet get the costlier work
(sentences, features, MinHash), again in parallel. Results come back in input order, so the
outcome does not depend on how many workers ran. Story clustering, which must see articles one after another, stays
in the calling process.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from storyweave.cluster.dedup import signature_of
from storyweave.cluster.features import Features, features_of
from storyweave.errors import InputError
from storyweave.ingest import (
    JSONL_SUFFIXES,
    Loaded,
    content_suffix,
    expand_paths,
    gunzip,
    mapped_outlet,
    read_file,
    read_jsonl,
)
from storyweave.ingest.decode import decode_bytes
from storyweave.model import Article, Sentence, Skipped
from storyweave.segment import split_sentences

__all__ = ["Part", "Prepared", "batches", "parallel_map", "plan", "prepare", "read_part"]

log = logging.getLogger(__name__)

T = TypeVar("T")
R = TypeVar("R")

LINES_PER_PART = 250  # JSONL lines per unit of work: big enough to amortise the hand-over
# Below this many parts the work stays in this process (starting workers costs more than it saves).
MIN_PARALLEL_PARTS = 4
ARTICLES_PER_PART = 100


@dataclass(frozen=True)
class Part:
    """One unit of reading work: a whole file, or some lines of a JSONL file."""

    path: str
    outlet: str | None
    lines: tuple[str, ...] | None = None
    first_line: int = 1


@dataclass(frozen=True)
class Prepared:
    """An article with everything the store and the clustering need from it."""

    article: Article
    sentences: tuple[Sentence, ...]
    features: Features
    signature: bytes


def plan(
    paths: Iterable[str | os.PathLike[str]], outlets: Mapping[str, str] | None, skipped: list[Skipped]
) -> tuple[list[Part], int]:
    """The parts to read, and how many files they come from."""
    files = expand_paths(paths, skipped)
    parts: list[Part] = []
    for path in files:
        outlet = mapped_outlet(path, outlets)
        if content_suffix(path) not in JSONL_SUFFIXES:
            parts.append(Part(str(path), outlet))
            continue
        try:
            lines = _jsonl_lines(path)
        except InputError as exc:
            skipped.append(Skipped(exc.source, exc.reason))
            continue
        if not any(line.strip() for line in lines):
            skipped.append(Skipped(str(path), "no JSON records in the file"))
        for start in range(0, len(lines), LINES_PER_PART):
            parts.append(Part(str(path), outlet, tuple(lines[start : start + LINES_PER_PART]), start + 1))
    return parts, len(files)


def _jsonl_lines(path: Path) -> list[str]:
    try:
        data = path.read_bytes()
    except OSError as exc:
        from storyweave.errors import UnreadableInputError

        raise UnreadableInputError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if path.suffix.lower() == ".gz":
        data = gunzip(data, str(path))
    return decode_bytes(data, str(path)).splitlines()


def read_part(part: Part) -> Loaded:
    """Read and clean the articles of one part; what cannot be read is skipped with the reason."""
    try:
        return read_file(Path(part.path), outlet=part.outlet) if part.lines is None else _read_lines(part)
    except InputError as exc:
        log.warning("%s", exc)
        return Loaded(skipped=[Skipped(exc.source, exc.reason)])


def _read_lines(part: Part) -> Loaded:
    padded = "\n" * (part.first_line - 1) + "\n".join(part.lines or ())
    try:
        return read_jsonl(padded, part.path, outlet=part.outlet)
    except InputError:  # a part with only blank lines; the file as a whole was checked in plan()
        return Loaded()


def prepare(articles: Sequence[Article]) -> list[Prepared]:
    """Sentences, clustering features and MinHash signature of each article."""
    return [Prepared(a, tuple(split_sentences(a)), features_of(a), signature_of(a.text)) for a in articles]


def parallel_map(function: Callable[[T], R], items: Sequence[T], *, workers: int | None = None) -> Iterator[R]:
    """``map(function, items)`` over worker processes when there are enough items; results in order."""
    count = workers if workers is not None else min(2, os.cpu_count() or 1)
    if count <= 1 or len(items) < MIN_PARALLEL_PARTS:
        yield from map(function, items)
        return
    with ProcessPoolExecutor(max_workers=count) as pool:
        yield from pool.map(function, items, chunksize=1)


def batches(items: Sequence[T], size: int = ARTICLES_PER_PART) -> list[Sequence[T]]:
    return [items[i : i + size] for i in range(0, len(items), size)]

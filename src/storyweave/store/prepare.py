"""The per-article work of an ingest (read, clean, detect the language, count clustering
features, MinHash), spread over worker processes.

Two rounds: inputs are cut into parts (a file, or a run of lines of a JSONL file) that are
read, cleaned and given their clustering features in parallel; then workers forked with the
counted vocabulary weigh the new articles' tf-idf vectors and MinHash signatures while the
calling process places earlier ones in stories (story clustering must see articles one
after another). The signatures wait for the second round because there a core is free:
placing is one process, and the first round keeps both cores busy. Results come back in
input order, so the outcome does not depend on how many workers ran. Sentences are not split
here: that happens when a story is first briefed (``Store.sentences_of``).
"""

from __future__ import annotations

import gc
import gzip
import hashlib
import logging
import multiprocessing
import os
import signal
import sqlite3
import threading
import zlib
from collections import Counter, deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from storyweave.cluster.dedup import NUM_PERM, _permutations, signature_of
from storyweave.cluster.features import Features, Vocabulary, features_of
from storyweave.errors import InputError, MalformedInputError
from storyweave.ingest import (
    JSONL_SUFFIXES,
    WARC_SUFFIXES,
    Loaded,
    content_suffix,
    detect_language,
    expand_paths,
    kind_of,
    languages_later,
    mapped_outlet,
    read_file,
    read_jsonl,
    read_text,
)
from storyweave.ingest.warc import read_warc, record_offsets
from storyweave.model import Article, Skipped
from storyweave.store.schema import pack_vectors

__all__ = [
    "Drafted",
    "Part",
    "PartRead",
    "Plan",
    "Workers",
    "close_readers",
    "end_second_round",
    "finish",
    "plan",
    "read_part",
    "read_parts",
    "spans",
    "start_second_round",
    "tasks",
]

log = logging.getLogger(__name__)

# Workers are forked: they inherit loaded models and the second round's input. Where fork is
# not available (Windows), everything runs in this process.
_FORK = multiprocessing.get_context("fork") if "fork" in multiprocessing.get_all_start_methods() else None

T = TypeVar("T")
R = TypeVar("R")

LINES_PER_PART = 50  # JSONL lines per unit of work: enough to amortise the hand-over, small enough to balance
# Whole files per unit of work, at most (a folder of 1,581 text files: 2.9 s of reading one by one, 2.4 s by 16).
FILES_PER_TASK = 16
# Below this many parts the work stays in this process (starting workers costs more than it saves).
MIN_PARALLEL_PARTS = 4
# Articles per transaction. Each transaction adds its articles' terms to the stored document
# frequencies (one row per distinct term) and rewrites the headlines of the stories it changed:
# 1,581 distinct articles wrote 144,172 frequency rows in parts of 100, 77,418 in parts of 500
# (0.52 -> 0.22 s), the same store. An ingest killed midway loses at most one part.
ARTICLES_PER_PART = 500
# Articles per weighing task: placing waits for the first task's result, so tasks are small.
ARTICLES_PER_TASK = 25
AHEAD = 4  # tasks in flight per worker
# Articles read, weighed and placed at a time (a JSONL line counts one, as does any other file):
# an ingest holds one batch's texts and features in memory (about 40 KB an article), not the
# whole input's. Each batch is placed in arrival order after the ones before it.
BATCH_ARTICLES = 20_000
# WARC files bigger than this are gone over once for their records' offsets, and the workers
# read runs of RECORDS_PER_PART records side by side (each HTML page takes milliseconds to tens
# of milliseconds through trafilatura): a WARC.gz of 4,000 pages (6.6 MB) took 39.7 s read whole
# by one worker, 22.8 s in runs. Smaller files are read whole, and remembered whole (a file read
# before is skipped unread); a file read in runs is not, its articles are found stored by id.
WARC_SPLIT_BYTES = 1024 * 1024
RECORDS_PER_PART = 100
# JSONL files bigger than this are read line by line as UTF-8 while their batches are reached;
# smaller ones are read whole and decoded like any text (byte-order marks, UTF-16, legacy code pages).
STREAM_BYTES = 64 * 1024 * 1024


@dataclass(frozen=True)
class Part:
    """One unit of reading work: a whole file, or some lines of a JSONL file."""

    path: str
    outlet: str | None
    lines: tuple[str, ...] | None = None
    first_line: int = 1
    store: str | None = None  # articles this store already holds are counted, not prepared
    records: tuple[int, int, int] | None = None  # a run of a big WARC file: (byte offset, first record number, count)
    digest: str | None = None  # of the whole big WARC file (hashed when it was planned)


@dataclass(frozen=True)
class Drafted:
    """An article read and cleaned, with what the clustering needs from it."""

    article: Article
    features: Features
    digest: str | None = None  # of the raw JSONL line it came from (``line_digest``)


@dataclass
class Plan:
    """What an ingest reads: how many files, and their parts in batches (read lazily: a big
    JSONL file is read line by line as its batches are reached)."""

    files: int
    batches: Iterator[list[Part]]
    ignored: Counter[str]  # files in the folders of a kind not read, by suffix


def plan(
    paths: Iterable[str | os.PathLike[str]], outlets: Mapping[str, str] | None, skipped: list[Skipped],
    *, store: str | None = None, batch: int | None = None,
) -> Plan:
    """The parts to read, in batches of about ``batch`` articles (``BATCH_ARTICLES``; a JSONL line
    counts one, as does any other file); what cannot be read is added to ``skipped`` as it is met."""
    left: list[Path] = []
    files = expand_paths(paths, skipped, left)
    parts = (part for path in files for part in _parts_of(path, mapped_outlet(path, outlets), store, skipped))
    own = Path(store).resolve() if store else None  # the store's own files (-wal, -shm, .lock) go unsaid
    ignored = Counter(kind_of(path) for path in left
                      if not (own and path.parent.resolve() == own.parent and path.name.startswith(own.name)))
    return Plan(len(files), _batched(parts, batch or BATCH_ARTICLES), ignored)


def _parts_of(path: Path, outlet: str | None, store: str | None, skipped: list[Skipped]) -> Iterator[Part]:
    suffix = content_suffix(path)
    if suffix in WARC_SUFFIXES and _size(path) > WARC_SPLIT_BYTES:
        digest = _file_digest(path)
        if digest and store and _count_inputs(store, digest):  # read whole before: one part, which skips it
            yield Part(str(path), outlet, store=store, digest=digest)
        else:
            yield from _warc_parts(path, outlet, store, skipped, digest)
        return
    if suffix not in JSONL_SUFFIXES:
        yield Part(str(path), outlet, store=store)
        return
    chunk: list[str] = []
    first = 1
    records = False
    try:
        for number, line in enumerate(_lines(path, skipped), start=1):
            records = records or bool(line.strip())
            chunk.append(line)
            if len(chunk) == LINES_PER_PART:
                yield Part(str(path), outlet, tuple(chunk), first, store)
                chunk, first = [], number + 1
    except InputError as exc:
        skipped.append(Skipped(exc.source, exc.reason))  # the lines before the damage are still read
    if chunk:
        yield Part(str(path), outlet, tuple(chunk), first, store)
    if not records and not any(s.source == str(path) for s in skipped):
        skipped.append(Skipped(str(path), "no JSON records in the file"))


def _warc_parts(
    path: Path, outlet: str | None, store: str | None, skipped: list[Skipped], digest: str | None
) -> Iterator[Part]:
    """Runs of ``RECORDS_PER_PART`` records of a big WARC file (``digest``: the file's), for the
    workers to read side by side."""
    run: list[int] = []
    first = 1
    try:
        for number, offset in enumerate(record_offsets(path, skipped), start=1):
            run.append(offset)
            if len(run) == RECORDS_PER_PART:
                yield Part(str(path), outlet, store=store, records=(run[0], first, len(run)), digest=digest)
                run, first = [], number + 1
    except InputError as exc:
        skipped.append(Skipped(exc.source, exc.reason))
    if run:
        yield Part(str(path), outlet, store=store, records=(run[0], first, len(run)), digest=digest)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0  # reading it says why it cannot be read


def _lines(path: Path, skipped: list[Skipped]) -> Iterator[str]:
    """The lines of a JSONL file: read whole and decoded like any text when it is small (any
    encoding), read line by line as UTF-8 when it is bigger than ``STREAM_BYTES``, or when it is
    a damaged gzip file (a download cut short): then the lines before the damage are read, and
    ``MalformedInputError`` says where it stopped."""
    if _size(path) <= STREAM_BYTES:
        try:
            text = read_text(path)
        except MalformedInputError:
            if path.suffix.lower() != ".gz":
                raise
        else:
            yield from text.splitlines()
            return
    source = str(path)
    number = 0
    try:
        with (gzip.open(path, "rb") if path.suffix.lower() == ".gz" else path.open("rb")) as handle:
            for number, raw in enumerate(handle, start=1):
                try:
                    yield (raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw).decode("utf-8").rstrip("\r\n")
                except UnicodeDecodeError:
                    skipped.append(Skipped(f"{source}:{number}",
                                           "not UTF-8 (a JSONL file read line by line is read as UTF-8)"))
                    yield ""
    except (OSError, EOFError, zlib.error) as exc:
        raise MalformedInputError(source, f"cannot read past line {number} ({exc})") from exc


def _batched(parts: Iterator[Part], size: int) -> Iterator[list[Part]]:
    batch: list[Part] = []
    count = 0
    for part in parts:
        batch.append(part)
        count += len(part.lines) if part.lines is not None else part.records[2] if part.records else 1
        if count >= size:
            yield batch
            batch, count = [], 0
    if batch:
        yield batch


@dataclass
class PartRead:
    """What reading one part gave: new articles, inputs skipped (with the reason), how many
    articles the store holds already, the raw lines of those to remember (digest, id), and for
    a whole file its digest and the ids of its articles (remembered once they are all stored)."""

    drafted: list[Drafted]
    skipped: list[Skipped]
    known: int = 0
    remembered: list[tuple[str, str]] = field(default_factory=list)
    whole_file: tuple[str, list[str]] | None = None
    run_of: tuple[str, list[str]] | None = None  # a big WARC file's digest, and the article ids of this run


def read_part(part: Part) -> PartRead:
    """Read and clean the articles of one part, with their clustering features; what cannot
    be read is skipped with the reason. Articles the store already holds are only counted, and
    files and JSONL lines it has read before are not even parsed."""
    digests: dict[str, str] = {}  # source ("file:line", as the articles name it) -> digest of the raw line
    known_lines = 0
    whole: str | None = None
    run: tuple[str, list[str]] | None = None
    try:
        with languages_later():  # detected in the second round (``finish``), where the workers have time
            if part.records is not None:  # a run of a big WARC file (remembered whole once every run is stored)
                start, first, count = part.records
                loaded = read_warc(Path(part.path), outlet=part.outlet, start=start, first=first, count=count)
                run = (part.digest, [a.id for a in loaded.articles]) if part.digest else None
            elif part.lines is None:
                whole = part.digest or _file_digest(Path(part.path))
                if whole and part.store and (count := _count_inputs(part.store, whole)):
                    return PartRead([], [], known=count)
                loaded = read_file(Path(part.path), outlet=part.outlet)
            else:
                sources = [f"{part.path}:{part.first_line + offset}" for offset in range(len(part.lines))]
                digests = {s: line_digest(line) for s, line in zip(sources, part.lines, strict=True) if line.strip()}
                known = _stored(part.store, "inputs", "digest", list(digests.values())) if part.store else set()
                seen = [digests.get(s) in known for s in sources]  # read before: skipped unparsed
                known_lines = sum(seen)
                loaded = _read_lines(part, ["" if old else line for old, line in zip(seen, part.lines, strict=True)])
    except InputError as exc:
        log.warning("%s", exc)
        return PartRead([], [Skipped(exc.source, exc.reason)])
    stored = _stored(part.store, "articles", "id", [a.id for a in loaded.articles]) if part.store else set()
    drafted = [Drafted(a, features_of(a), digests.get(a.source or ""))
               for a in loaded.articles if a.id not in stored]
    remembered = [(d, a.id) for a in loaded.articles if a.id in stored and (d := digests.get(a.source or ""))]
    return PartRead(drafted, loaded.skipped, known_lines + len(loaded.articles) - len(drafted), remembered,
                    (whole, [a.id for a in loaded.articles]) if whole and loaded.articles else None, run)


def read_parts(parts: Sequence[Part]) -> list[PartRead]:
    """``read_part`` of each of several parts, as one unit of work (see ``tasks``)."""
    return [read_part(part) for part in parts]


def tasks(parts: Sequence[Part]) -> list[tuple[Part, ...]]:
    """Parts grouped into units of work for the workers, in order: a run of JSONL lines alone,
    whole files a few at a time (up to ``FILES_PER_TASK``, fewer when there are few), since
    handing a small file to a worker can cost as much as reading it."""
    files = sum(1 for part in parts if part.lines is None)
    size = max(1, min(FILES_PER_TASK, files // FILES_PER_TASK))
    grouped: list[tuple[Part, ...]] = []
    run: list[Part] = []
    for part in parts:
        if part.lines is not None:
            if run:
                grouped.append(tuple(run))
                run = []
            grouped.append((part,))
            continue
        run.append(part)
        if len(run) == size:
            grouped.append(tuple(run))
            run = []
    if run:
        grouped.append(tuple(run))
    return grouped


def line_digest(line: str) -> str:
    """What identifies a raw JSONL line: BLAKE2b-128 of its stripped text."""
    return hashlib.blake2b(line.strip().encode("utf-8"), digest_size=16).hexdigest()


def _file_digest(path: Path) -> str | None:
    """What identifies a raw file: BLAKE2b-128 of its bytes (None when it cannot be read: the
    reading that follows reports why)."""
    try:
        with path.open("rb") as handle:
            return "file:" + hashlib.file_digest(handle, lambda: hashlib.blake2b(digest_size=16)).hexdigest()
    except OSError:
        return None


def _stored(store: str, table: str, column: str, keys: Sequence[str]) -> set[str]:
    """Which of ``keys`` the store's ``table`` holds in ``column`` (read-only; the store is not
    written while parts are read)."""
    if not keys:
        return set()
    marks = ",".join("?" * len(keys))
    rows = _query(store, f"SELECT {column} FROM {table} WHERE {column} IN ({marks})", list(keys))
    return {str(r[0]) for r in rows}


def _count_inputs(store: str, digest: str) -> int:
    """How many articles the store holds from the input with this digest."""
    rows = _query(store, "SELECT COUNT(*) FROM inputs WHERE digest = ?", [digest])
    return int(rows[0][0]) if rows else 0


# Read-only connections to stores, one per process and store: opening one (and reading the
# schema on its first query) cost more than the query itself, once per file of a folder.
_READERS: dict[tuple[int, str], sqlite3.Connection] = {}


def _query(store: str, sql: str, parameters: Sequence[str]) -> list[tuple[Any, ...]]:
    key = (os.getpid(), store)  # a connection is never used across a fork
    try:
        connection = _READERS.get(key)
        if connection is None:
            if not Path(store).exists():
                return []
            connection = _READERS[key] = sqlite3.connect(f"{Path(store).resolve().as_uri()}?mode=ro", uri=True)
        return connection.execute(sql, list(parameters)).fetchall()
    except sqlite3.Error:
        return []  # not readable here (or older than the table): the main process checks again


def close_readers() -> None:
    """Close this process's read-only connections (an ingest does at its end)."""
    for key in [k for k in _READERS if k[0] == os.getpid()]:
        _READERS.pop(key).close()


def _read_lines(part: Part, lines: Sequence[str]) -> Loaded:
    return read_jsonl("\n".join(lines), part.path, outlet=part.outlet, first_line=part.first_line,
                      allow_empty=True)  # whether the whole file is empty was checked in plan()


# The second round's result per article: its tf-idf vectors, the same as stored, its MinHash
# signature and its language (read with ``languages_later``: the reading round keeps both cores
# busy, while in this one the workers wait on the placing).
Finished = tuple[tuple[dict[str, float], ...], bytes, bytes, str | None]

# The second round's input, set before its workers are forked so they inherit it instead of
# receiving it: the articles to place (in arrival order) and the vocabulary that weighs them.
_SECOND_ROUND: tuple[Sequence[Drafted], Vocabulary] | None = None


def start_second_round(ordered: Sequence[Drafted], vocabulary: Vocabulary) -> None:
    global _SECOND_ROUND
    _SECOND_ROUND = (ordered, vocabulary)


def end_second_round() -> None:
    """Let go of the second round's input (a batch's articles) once they are placed."""
    global _SECOND_ROUND
    _SECOND_ROUND = None


def finish(span: tuple[int, int]) -> list[Finished]:
    """The tf-idf vectors (also as stored), MinHash signatures and languages of the articles
    ``ordered[start:end]`` of the second round (made by the workers while the calling process
    places earlier articles)."""
    if _SECOND_ROUND is None:
        raise RuntimeError("start_second_round() was not called")
    ordered, vocabulary = _SECOND_ROUND
    done = []
    for drafted in ordered[span[0] : span[1]]:
        vectors = vocabulary.vectors(drafted.features)
        text = drafted.article.text
        done.append((vectors, pack_vectors(vectors), signature_of(text), detect_language(text)))
    return done


class Workers:
    """A pool of worker processes, started on first use and shared by an ingest's two rounds.

    Reading needs nothing loaded beforehand. What the second round needs (``warm_up``:
    language identification, MinHash permutations) is loaded in a thread of this process once
    the first workers are forked, while they read: about a second of loading that no longer
    holds up the first fork. Workers forked for a ``map(..., warm=True)`` start with it loaded
    instead of each loading their own.
    """

    def __init__(self, count: int | None = None) -> None:
        self.count = count if count is not None else min(2, os.cpu_count() or 1)
        self._pool: ProcessPoolExecutor | None = None
        self._loading: threading.Thread | None = None
        self._failed: Exception | None = None  # what the loading thread raised

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        self.restart()
        if self._loading is not None:
            self._loading.join()
        gc.unfreeze()

    def restart(self) -> None:
        """Stop the workers; the next ``map`` forks new ones, which see this process as it is then."""
        if self._pool is not None:
            self._pool.shutdown(cancel_futures=True)
            self._pool = None

    def map(self, function: Callable[[T], R], items: Sequence[T], *, warm: bool = False) -> Iterator[R]:
        """``map(function, items)``, over the workers when there are enough items; results in order.
        At most ``AHEAD`` items per worker are in flight: workers faster than the consumer do not
        pile up every result in memory. With ``warm``, the workers start with ``warm_up`` done."""
        if self.count <= 1 or len(items) < MIN_PARALLEL_PARTS or _FORK is None:
            return map(function, items)
        if self._pool is None:
            if self._loading is not None:
                self._loading.join()  # (never fork while the thread may hold an import lock)
                if self._failed is not None:  # said here, where the round that needs it starts
                    raise self._failed
            elif warm:
                warm_up()
            # What this process holds now (the batch read, the clustering restored) lives until the
            # ingest ends: frozen, the collector stops going over it, here and in the forked
            # workers (whose pages it then leaves shared).
            gc.freeze()
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=_FORK, initializer=_leave_interrupts)
        return self._bounded(self._pool, function, items, load=not warm)

    def _bounded(self, pool: ProcessPoolExecutor, function: Callable[[T], R], items: Sequence[T],
                 load: bool) -> Iterator[R]:
        pending: deque[Future[R]] = deque()
        for item in items:
            pending.append(pool.submit(function, item))
            if load and self._loading is None:  # the first submit forked every worker (with fork)
                self._loading = threading.Thread(target=self._warm_up, name="storyweave-warm-up")
                self._loading.start()
            if len(pending) >= AHEAD * self.count:
                yield pending.popleft().result()
        while pending:
            yield pending.popleft().result()

    def _warm_up(self) -> None:
        try:
            warm_up()
        except Exception as exc:  # raised where the round that needs it starts (``map``)
            self._failed = exc


def _leave_interrupts() -> None:
    """Workers leave Ctrl-C to the ingest, which stops them: a terminal sends it to every process
    of the command, and each worker would print its own traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def warm_up() -> None:
    """Load what the second round's workers need (and scipy.sparse, for the topics after it)."""
    from scipy import sparse  # noqa: F401

    detect_language("Warming up the language identifier before the workers start.")
    _permutations(NUM_PERM)


def spans(total: int, size: int | None = None) -> list[tuple[int, int]]:
    """(start, end) of runs of ``size`` (default ``ARTICLES_PER_PART``) over ``total`` items."""
    step = size or ARTICLES_PER_PART
    return [(i, min(i + step, total)) for i in range(0, total, step)]

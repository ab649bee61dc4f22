"""The embedded store: one SQLite file (WAL mode, FTS5, migrations) holding articles, sentences,
stories, cached briefs and the clustering state.

Writes happen inside ``transaction()``: an ingest that is interrupted leaves every article
either fully stored (with its search entry and story) or not at all. Sentences are split
and stored when a story is first briefed (``sentences_of``).
"""

from __future__ import annotations

import json
import logging
import os
import re
import sqlite3
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyweave.cluster.agglomerate import add_into
from storyweave.cluster.dedup import BANDS, band_key, band_keys
from storyweave.errors import StoreBusyError, StoreError, UnknownStoryError
from storyweave.model import Article, Removed, Sentence
from storyweave.segment import first_sentence, split_sentences
from storyweave.store.schema import MIGRATIONS, pack_vectors, read_vectors
from storyweave.summarize.candidates import (
    LEAD_MIN_WORDS,
    LEAD_OPENING,
    LEAD_TRIES,
    lead_choice,
    lead_order,
)

log = logging.getLogger(__name__)

if TYPE_CHECKING:
    from storyweave.model import Brief
    from storyweave.store.ingest import IngestReport

__all__ = ["DEFAULT_DB", "Store", "StoredStory", "StoryRow"]

DEFAULT_DB = "storyweave.db"


@dataclass(frozen=True)
class StoryRow:
    """A story as listed: its headline, size, outlets and dates."""

    id: str
    topic_id: str | None
    title: str | None
    size: int
    outlets: tuple[str, ...]
    first_date: date | None
    last_date: date | None
    version: int
    updated_at: str

    def to_dict(self) -> dict[str, object]:
        return {
            "id": self.id, "topic": self.topic_id, "title": self.title, "size": self.size,
            "outlets": list(self.outlets), "first_date": _iso(self.first_date), "last_date": _iso(self.last_date),
            "version": self.version, "updated_at": self.updated_at,
        }


@dataclass(frozen=True)
class Titled:
    title: str | None
    published: date | None


@dataclass(frozen=True)
class StoredStory:
    """What the clustering needs to pick a stored story up where it stopped: its current articles
    (id and date, in the order they were stored) and the sums of their vectors."""

    id: str
    members: tuple[tuple[str, date | None], ...]
    sums: tuple[dict[str, float], ...]
    row: int  # its first article's place in the order articles were stored
    summed: bool = False  # the sums were added up now from the articles' vectors (none kept, or out of date)


# A stored article as it was placed: the article, the one it nearly copies, its clustering vectors.
Placed = tuple[Article, str | None, tuple[dict[str, float], ...]]


class Store:
    """A storyweave database. Use as a context manager, or call ``close()``."""

    def __init__(self, path: str | os.PathLike[str] = DEFAULT_DB) -> None:
        self.path = Path(path)
        self._leads: dict[str, str | None] = {}  # article id -> first sentence (texts never change)
        self._unindexed: int | None = None  # the first article row not yet in the full-text index
        try:
            self.db = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
            self.db.row_factory = sqlite3.Row
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
            self.db.execute("PRAGMA busy_timeout=5000")
            self.db.create_function("minhash_band", 2, band_key, deterministic=True)
            self._migrate()
        except sqlite3.DatabaseError as exc:
            if not self.in_memory and not self.path.parent.is_dir():
                raise StoreError(f"{self.path}: cannot make a store there, no folder {self.path.parent}") from exc
            raise StoreError(f"{self.path}: not a usable storyweave database ({exc})") from exc

    @property
    def in_memory(self) -> bool:
        """A store held in memory (``Store(":memory:")``): no file, gone when it is closed."""
        return str(self.path) == ":memory:"

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def ingest(self, paths: Iterable[str | os.PathLike[str]], **options: Any) -> IngestReport:
        """Read ``paths`` into this store and place new articles in stories (see ``storyweave.store.ingest``)."""
        from storyweave.store.ingest import ingest

        return ingest(paths, db=self, **options)

    def brief(self, story_id: str, **options: Any) -> Brief:
        """The brief of a stored story (not cached; ``options`` as for ``storyweave.brief``)."""
        from storyweave.store.briefs import story_brief

        return story_brief(self, story_id, **options)

    @property
    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        current = self.schema_version
        if current > len(MIGRATIONS):
            raise StoreError(f"{self.path}: made by a newer storyweave (schema {current}); upgrade storyweave")
        for number in range(current, len(MIGRATIONS)):
            try:
                self.db.executescript(f"BEGIN;\n{MIGRATIONS[number]}\nPRAGMA user_version = {number + 1};\nCOMMIT;")
            except sqlite3.Error:
                if self.db.in_transaction:
                    self.db.execute("ROLLBACK")
                raise

    @contextmanager
    def writer(self, wait: float | None = None, waiting: Callable[[str], None] | None = None) -> Iterator[None]:
        """Be the one ingest that writes to this store until the block ends. An ingest reads
        which articles and stories are stored before it adds its own; a second ingest running
        beside it would add the same article again, or overwrite the first one's stories. So an
        ingest holds a lock file beside the store (``<store>.lock``, filelock: an OS lock,
        released if the process dies) and a second one waits: for ever (``wait`` None), or
        ``wait`` seconds, then ``StoreBusyError``. ``waiting`` hears that it waits, once.
        Readers (listing stories, briefs) never wait for it."""
        if self.in_memory:
            yield
            return
        from filelock import FileLock, Timeout

        lock = FileLock(f"{self.path}.lock")
        try:
            lock.acquire(timeout=0)
        except Timeout:
            if waiting is not None and wait != 0:  # (naming the lock: on a file system without OS locks, a
                waiting(f"another ingest is writing to {self.path}; waiting for it to finish "  # crash leaves it)
                        f"(its lock: {lock.lock_file})")
            try:
                lock.acquire(timeout=-1 if wait is None else wait)
            except Timeout as exc:
                raise StoreBusyError(f"{self.path}: another ingest is writing to it"
                                     + (f" (waited {wait:g} s)" if wait else "")) from exc
        try:
            yield
        finally:
            lock.release()

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        """All or nothing: commits when the block ends, rolls back if it raises."""
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
            self._index_new()
        except BaseException:
            self._unindexed = None
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def _index_new(self) -> None:
        """Put the articles inserted since the last call in the full-text index (schema migration 7)."""
        if self._unindexed is not None:
            self.db.execute("INSERT INTO articles_fts (rowid, title, text) SELECT rowid, title, text FROM articles"
                            " WHERE rowid >= ?", (self._unindexed,))
            self._unindexed = None

    # -- articles -----------------------------------------------------------------------------------

    def story_id_used(self, story_id: str) -> bool:
        """Whether a story, or the id a merged story left behind, goes by ``story_id``."""
        return self.db.execute("SELECT 1 FROM stories WHERE id = ? UNION ALL SELECT 1 FROM story_aliases WHERE id = ?",
                               (story_id, story_id)).fetchone() is not None

    def has_article(self, article_id: str) -> bool:
        return self.db.execute("SELECT 1 FROM articles WHERE id = ?", (article_id,)).fetchone() is not None

    def current_version(self, key: str) -> tuple[str, int] | None:
        """(id, version) of the current article with this identity key, if any."""
        row = self.db.execute(
            "SELECT id, version FROM articles WHERE key = ? AND current = 1", (key,)
        ).fetchone()
        return (row["id"], int(row["version"])) if row else None

    def insert_article(
        self, article: Article, *, key: str, version: int, story_id: str, duplicate_of: str | None,
        vectors: Sequence[Mapping[str, float]] | bytes, minhash: bytes | None, digest: str | None = None,
    ) -> None:
        """Store one article (call inside ``transaction()``; its sentences are split when first
        asked: ``sentences_of``); ``vectors`` may come already packed (``schema.pack_vectors``);
        ``digest`` names the raw JSONL line it came from (``record_inputs``)."""
        inserted = self.db.execute(
            "INSERT INTO articles (id, key, version, outlet, title, published, url, source, source_id, date_source,"
            " outlet_source, language, text, removed, story_id, duplicate_of, vectors, minhash, ingested_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                article.id, key, version, article.outlet, article.title, _iso(article.published), article.url,
                article.source, article.source_id, article.date_source, article.outlet_source, article.language,
                article.text, json.dumps([[r.reason, r.text, r.line] for r in article.removed]), story_id,
                duplicate_of, vectors if isinstance(vectors, bytes) else pack_vectors(vectors), minhash, _now(),
            ),
        )
        if self._unindexed is None:
            self._unindexed = inserted.lastrowid  # (rows are numbered up: the transaction's are from here)
        if not self.db.in_transaction:
            self._index_new()
        if minhash:
            self.db.executemany("INSERT OR IGNORE INTO minhash_bands (key, article_row) VALUES (?, ?)",
                                [(band, inserted.lastrowid) for band in band_keys(minhash)])
        if digest:
            self.record_inputs([(digest, article.id)])

    def record_inputs(self, pairs: Iterable[tuple[str, str]]) -> None:
        """Remember raw inputs, JSONL lines or whole files (digest, an article it gave), so reading
        them again is skipped."""
        self.db.executemany("INSERT OR IGNORE INTO inputs (digest, article_id) VALUES (?, ?)", list(pairs))

    def supersede(self, old_id: str, new_id: str) -> None:
        self.db.execute("UPDATE articles SET current = 0, superseded_by = ? WHERE id = ?", (new_id, old_id))

    def article(self, article_id: str) -> Article:
        row = self.db.execute("SELECT * FROM articles WHERE id = ?", (article_id,)).fetchone()
        if row is None:
            raise KeyError(article_id)
        return _article(row)

    def story_articles(self, story_id: str) -> list[Article]:
        """The current articles of a story, oldest first."""
        rows = self.db.execute(
            "SELECT * FROM articles WHERE story_id = ? AND current = 1 ORDER BY published IS NULL, published, id",
            (story_id,),
        ).fetchall()
        return [_article(r) for r in rows]

    def sentences(self, article: Article) -> list[Sentence]:
        """The stored sentences of ``article`` (none until it is first split: ``sentences_of``)."""
        rows = self.db.execute(
            'SELECT idx, start, "end", paragraph FROM sentences WHERE article_id = ? ORDER BY idx', (article.id,)
        ).fetchall()
        return [Sentence(article.id, r["idx"], r["start"], r["end"], article.text[r["start"] : r["end"]],
                         r["paragraph"]) for r in rows]

    def sentences_of(self, articles: Sequence[Article]) -> dict[str, list[Sentence]]:
        """The sentences of each article: as stored, else split now and stored (in one transaction).
        Ingest does not split sentences (clustering does not need them); the first brief of a
        story does, once for each article. Sentences stored by another storyweave
        (``code_fingerprint``: its splitting may differ) are dropped and split again."""
        from storyweave import code_fingerprint

        made_by = code_fingerprint()
        stored = self.setting("sentences_made_by") == made_by or self.keep_if_free(  # else split again
            "the sentences split anew", lambda: self._forget_sentences(made_by))
        found = {a.id: self.sentences(a) if stored else [] for a in articles}
        missing = [a for a in articles if not found[a.id]]
        for article in missing:
            found[article.id] = split_sentences(article)
        if missing and stored:
            self.keep_if_free("the story's sentences", lambda: self.db.executemany(
                'INSERT OR IGNORE INTO sentences (article_id, idx, start, "end", paragraph) VALUES (?, ?, ?, ?, ?)',
                [(a.id, t.index, t.start, t.end, t.paragraph) for a in missing for t in found[a.id]],
            ))
        return found

    def _forget_sentences(self, made_by: str) -> None:
        self.db.execute("DELETE FROM sentences")
        self.set_setting("sentences_made_by", made_by)

    def keep_if_free(self, what: str, write: Callable[[], object]) -> bool:
        """Run ``write`` in a transaction if the store can be written within its busy timeout. For
        what is kept only to save work later (sentences, rendered briefs): while an ingest holds
        the store's writing for longer, the brief is made all the same and kept another time."""
        try:
            with self.transaction():
                write()
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise
            log.info("%s: %s not kept this time (%s)", self.path, what, exc)
            return False
        return True

    def counts(self) -> dict[str, int]:
        one = self.db.execute(
            "SELECT COUNT(*) AS articles, SUM(current) AS current, SUM(duplicate_of IS NOT NULL AND current = 1)"
            " AS duplicates FROM articles"
        ).fetchone()
        stories = self.db.execute("SELECT COUNT(*), COUNT(DISTINCT topic_id) FROM stories WHERE size > 0").fetchone()
        return {"articles": one["current"] or 0, "versions": one["articles"] or 0,
                "duplicates": one["duplicates"] or 0, "stories": stories[0], "topics": stories[1]}

    # -- clustering state ---------------------------------------------------------------------------

    def clustering_state(self, since: date | None = None) -> tuple[int, list[dict[str, int]], Iterator[StoredStory]]:
        """Documents counted, document frequencies per bag, and the stories still open on ``since``
        (``placed``; all of them when ``since`` is None)."""
        documents = int(self.setting("documents") or 0)
        bags: list[dict[str, int]] = []
        for bag, term, df in self.db.execute("SELECT bag, term, df FROM vocabulary ORDER BY bag"):
            while len(bags) <= bag:
                bags.append({})
            bags[bag][term] = df
        return documents, bags, self.placed(since=since)

    def placed(self, *, since: date | None = None, before: date | None = None, story_id: str | None = None,
               topics: Sequence[str] | None = None) -> Iterator[StoredStory]:
        """Stored stories with their current articles and summed vectors, in the order they were
        started (by their first stored article): those whose latest dated article is on or after
        ``since`` or that have none (undated stories stay open), whose latest is before ``before``,
        one story, or the stories in ``topics``. The sums are the ones kept (``keep_story_sums``)
        when they are up to date, else added up from the articles' vectors, a few hundred stories
        at a time (a store's vectors, held at once, would be most of the memory it takes to
        restore its clustering)."""
        groups: dict[str, list[tuple[int, str, date | None]]] = {}
        for start in range(0, len(topics), 500) if topics is not None else [0]:
            part = topics[start : start + 500] if topics is not None else None
            for r in self._placed(since, before, story_id, part):
                groups.setdefault(r[2], []).append((r[0], r[1], _date(r[3])))
        ordered = sorted(groups.items(), key=lambda item: item[1][0][0])
        for start in range(0, len(ordered), 500):
            chunk = ordered[start : start + 500]
            kept = self._kept_sums([(sid, len(members)) for sid, members in chunk])
            summed = self._summed([sid for sid, _ in chunk if sid not in kept])
            for sid, members in chunk:
                yield StoredStory(sid, tuple((a, d) for _, a, d in members), kept.get(sid) or summed.get(sid, ()),
                                  members[0][0], summed=sid not in kept)

    def _placed(self, since: date | None, before: date | None, story_id: str | None,
                topics: Sequence[str] | None) -> list[tuple[int, str, str, str | None]]:
        """(row, id, story id, date) of the current articles of the stories ``placed`` selects."""
        where, params = ["a.current = 1", "a.story_id IS NOT NULL"], []
        if since is not None:
            where.append("(s.last_date IS NULL OR s.last_date >= ?)")
            params.append(since.isoformat())
        if before is not None:
            where.append("s.last_date < ?")
            params.append(before.isoformat())
        if story_id is not None:
            where.append("a.story_id = ?")
            params.append(story_id)
        if topics is not None:
            where.append(f"s.topic_id IN ({','.join('?' * len(topics))})")
            params.extend(topics)
        joined = " JOIN stories s ON s.id = a.story_id" if since or before or topics is not None else ""
        sql = (f"SELECT a.rowid, a.id, a.story_id, a.published FROM articles a{joined}"
               f" WHERE {' AND '.join(where)} ORDER BY a.rowid")
        return [tuple(r) for r in self.db.execute(sql, params)]

    def _kept_sums(self, stories: Sequence[tuple[str, int]]) -> dict[str, tuple[dict[str, float], ...]]:
        """The kept sums of these (story id, size) that are up to date: summed at the story's present
        version and over as many articles as it holds."""
        if not stories:
            return {}
        sizes = dict(stories)
        rows = self.db.execute(
            "SELECT k.story_id, k.size, k.sums FROM story_sums k JOIN stories s ON s.id = k.story_id"
            f" WHERE k.version = s.version AND k.story_id IN ({','.join('?' * len(sizes))})", list(sizes))
        return {r[0]: read_vectors(r[2]) for r in rows if r[1] == sizes[r[0]]}

    def _summed(self, story_ids: Sequence[str]) -> dict[str, tuple[dict[str, float], ...]]:
        """The sums of each story's current articles' vectors, added up in the order they were stored."""
        if not story_ids:
            return {}
        sums: dict[str, list[dict[str, float]]] = {}
        marks = ",".join("?" * len(story_ids))
        for story_id, vectors in self.db.execute(
            f"SELECT story_id, vectors FROM articles WHERE current = 1 AND story_id IN ({marks}) ORDER BY rowid",
            list(story_ids),
        ):
            total, vector = sums.setdefault(story_id, []), read_vectors(vectors)
            total.extend({} for _ in range(len(vector) - len(total)))
            add_into(total, vector)
        return {sid: tuple(total) for sid, total in sums.items()}

    def keep_story_sums(self, stories: Iterable[tuple[str, int, Sequence[Mapping[str, float]]]]) -> None:
        """Keep stories' summed vectors, as (story id, size, sums), stamped with each story's present
        version (inside a transaction, after the stories are saved)."""
        self.db.executemany(
            "INSERT INTO story_sums (story_id, version, size, sums) SELECT id, version, ?, ? FROM stories WHERE id = ?"
            " ON CONFLICT (story_id) DO UPDATE SET version = excluded.version, size = excluded.size,"
            " sums = excluded.sums",
            [(size, pack_vectors(sums), story_id) for story_id, size, sums in stories])

    def near_copies(self, keys: Sequence[int], *, before: int | None = None) -> list[tuple[str, bytes, str | None]]:
        """The current articles with one of these LSH band ``keys`` (``cluster.dedup.band_keys``), as
        (id, MinHash signature, the article it copies), stored before row ``before`` if given,
        in the order they were stored: the candidates a new article may nearly copy."""
        sql = ("SELECT DISTINCT a.id, a.minhash, a.duplicate_of, a.rowid FROM minhash_bands m"
               " JOIN articles a ON a.rowid = m.article_row"
               f" WHERE m.key IN ({','.join('?' * len(keys))}) AND a.current = 1")
        params: list[int] = list(keys)
        if before is not None:
            sql += " AND a.rowid < ?"
            params.append(before)
        return [(r[0], r[1], r[2]) for r in self.db.execute(sql + " ORDER BY a.rowid", params)]

    def last_row(self) -> int:
        """The row of the last article stored (0 for none): articles stored later come after it."""
        return int(self.db.execute("SELECT COALESCE(MAX(rowid), 0) FROM articles").fetchone()[0])

    def story_of(self, article_id: str) -> str | None:
        """The story an article is in (None for an article not placed)."""
        row = self.db.execute("SELECT story_id FROM articles WHERE id = ?", (article_id,)).fetchone()
        return None if row is None else row[0]

    def add_frequencies(self, documents: int, changes: Sequence[Mapping[str, int]]) -> None:
        """Add to the document count and the document frequencies (inside a transaction)."""
        self.set_setting("documents", str(int(self.setting("documents") or 0) + documents))
        self.db.executemany(
            "INSERT INTO vocabulary (bag, term, df) VALUES (?, ?, ?)"
            " ON CONFLICT (bag, term) DO UPDATE SET df = df + excluded.df",
            [(bag, term, n) for bag, counts in enumerate(changes) for term, n in counts.items()],
        )

    def setting(self, key: str) -> str | None:
        row = self.db.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def set_setting(self, key: str, value: str) -> None:
        self.db.execute(
            "INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    # -- stories ------------------------------------------------------------------------------------

    def story_titles(self, story_id: str) -> list[Titled]:
        """The titles and dates of a story's current articles (to choose its headline)."""
        rows = self.db.execute(
            "SELECT title, published FROM articles WHERE story_id = ? AND current = 1", (story_id,)
        ).fetchall()
        return [Titled(r["title"], _date(r["published"])) for r in rows]

    def lead_sentence(self, story_id: str, *, min_words: int = LEAD_MIN_WORDS, tries: int = LEAD_TRIES) -> str | None:
        """The first sentence of one of the story's ``tries`` earliest articles (dated first, then as
        stored): the one whose opening is most like the others' (``lead_order``), else, when it has
        fewer than ``min_words`` words ("She was 85."), the next that has as many."""
        rows = self.db.execute(
            f"SELECT id, substr(text, 1, {LEAD_OPENING}) AS opening FROM articles WHERE story_id = ? AND current = 1"
            " ORDER BY published IS NULL, published, rowid LIMIT ?",
            (story_id, tries),
        ).fetchall()
        return lead_choice((self._lead(rows[k]["id"]) for k in lead_order([row["opening"] for row in rows])), min_words)

    def _lead(self, article_id: str) -> str | None:
        if article_id not in self._leads:
            text = self.db.execute("SELECT text FROM articles WHERE id = ?", (article_id,)).fetchone()["text"]
            lead = first_sentence(text)
            self._leads[article_id] = " ".join(lead.split()) if lead else None
        return self._leads[article_id]

    def as_placed(self, article_ids: Sequence[str]) -> Iterator[Placed]:
        """Stored articles as they were placed, a chunk at a time: each one's article, the article
        it nearly copies (or None) and its clustering vectors."""
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            for row in self.db.execute(f"SELECT * FROM articles WHERE id IN ({marks})", chunk):
                yield _article(row), row["duplicate_of"], read_vectors(row["vectors"])

    def vectors(self, article_id: str) -> tuple[dict[str, float], ...]:
        """The clustering vectors an article was placed with."""
        row = self.db.execute("SELECT vectors FROM articles WHERE id = ?", (article_id,)).fetchone()
        return read_vectors(row[0]) if row else ()

    def save_story(self, story_id: str, title: str | None) -> None:
        """Write a story's listing from its current articles; its version goes up (inside a transaction)."""
        rows = self.db.execute(
            "SELECT outlet, outlet_source, published FROM articles WHERE story_id = ? AND current = 1", (story_id,)
        ).fetchall()
        dates = sorted(r["published"] for r in rows if r["published"])
        # Named outlets first; then records of unknown outlet, named after their lines, in line order.
        unknown = {r["outlet"]: r["outlet_source"] == "record" for r in rows}
        outlets = sorted(unknown, key=lambda name: (unknown[name], _natural(name)))
        now = _now()
        self.db.execute(
            "INSERT INTO stories (id, title, size, outlets, first_date, last_date, version, created_at, updated_at)"
            " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?) ON CONFLICT (id) DO UPDATE SET title = excluded.title,"
            " size = excluded.size, outlets = excluded.outlets, first_date = excluded.first_date,"
            " last_date = excluded.last_date, version = stories.version + 1, updated_at = excluded.updated_at",
            (story_id, title, len(rows), json.dumps(outlets), dates[0] if dates else None,
             dates[-1] if dates else None, now, now),
        )

    def move_articles(self, moves: Mapping[str, str]) -> set[str]:
        """Move articles to other stories (inside a transaction). Stories left empty are deleted;
        one whose articles all went to a single story leaves its id behind as an alias of it."""
        marks = ",".join("?" * len(moves))
        old_of = dict(self.db.execute(f"SELECT id, story_id FROM articles WHERE id IN ({marks})", list(moves)))
        self.db.executemany("UPDATE articles SET story_id = ? WHERE id = ?", [(s, a) for a, s in moves.items()])
        emptied = {s for s in set(old_of.values()) if s and not self.db.execute(
            "SELECT 1 FROM articles WHERE story_id = ? AND current = 1", (s,)).fetchone()}
        self.db.executemany("DELETE FROM stories WHERE id = ?", [(s,) for s in emptied])
        self.db.executemany("DELETE FROM story_sums WHERE story_id = ?", [(s,) for s in emptied])
        for old in sorted(emptied):
            targets = {moves[a] for a, s in old_of.items() if s == old}
            if len(targets) == 1:
                self.db.execute(
                    "INSERT INTO story_aliases (id, story_id) VALUES (?, ?)"
                    " ON CONFLICT (id) DO UPDATE SET story_id = excluded.story_id", (old, targets.pop()))
        return emptied

    def set_topics(self, topic_of: Mapping[str, str]) -> None:
        self.db.executemany("UPDATE stories SET topic_id = ? WHERE id = ?", [(t, s) for s, t in topic_of.items()])

    def topic_sums(self) -> dict[str, tuple[int, tuple[dict[str, float], ...]]] | None:
        """Each topic's size (articles) and summed vectors; None when they are not all there and up
        to date (a store made before they were kept, a story without a topic, or a topic whose
        stories hold another number of articles: an ingest stopped before it regrouped topics)."""
        stored = {r[0]: (int(r[1]), read_vectors(r[2]))
                  for r in self.db.execute("SELECT id, size, sums FROM topics")}
        sizes = dict(self.db.execute("SELECT topic_id, SUM(size) FROM stories WHERE size > 0 GROUP BY topic_id"))
        up_to_date = all(topic in stored and stored[topic][0] == size for topic, size in sizes.items())
        return stored if up_to_date else None

    def set_topic_sums(self, sums: Mapping[str, tuple[int, Sequence[Mapping[str, float]]]], *,
                       replace: bool = False) -> None:
        """Store topics' sizes and summed vectors (inside a transaction); ``replace`` drops all others,
        and topics no story is in any more are dropped anyway."""
        if replace:
            self.db.execute("DELETE FROM topics")
        self.db.executemany(
            "INSERT INTO topics (id, size, sums) VALUES (?, ?, ?)"
            " ON CONFLICT (id) DO UPDATE SET size = excluded.size, sums = excluded.sums",
            [(t, size, pack_vectors(vectors)) for t, (size, vectors) in sums.items()])
        self.db.execute("DELETE FROM topics WHERE id NOT IN (SELECT topic_id FROM stories WHERE size > 0"
                        " AND topic_id IS NOT NULL)")

    def topics(self) -> dict[str, str]:
        """Story id -> topic id, for the stories that have a topic."""
        return dict(self.db.execute("SELECT id, topic_id FROM stories WHERE size > 0 AND topic_id IS NOT NULL"))

    def untopical(self) -> int:
        """How many stories have no topic yet (an ingest stopped before it regrouped topics)."""
        return int(self.db.execute("SELECT COUNT(*) FROM stories WHERE size > 0 AND topic_id IS NULL").fetchone()[0])

    def story(self, story_id: str) -> StoryRow:
        """A story by id; the id of a story merged into another leads to that one."""
        seen = {story_id}
        row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        while row is None:
            alias = self.db.execute("SELECT story_id FROM story_aliases WHERE id = ?", (story_id,)).fetchone()
            if alias is None or alias[0] in seen:
                raise UnknownStoryError(f"{self.path}: no story {story_id!r} (list them with `storyweave stories`)")
            story_id = alias[0]
            seen.add(story_id)
            row = self.db.execute("SELECT * FROM stories WHERE id = ?", (story_id,)).fetchone()
        return _story(row)

    def stories(
        self, *, since: date | None = None, search: str | None = None, limit: int | None = None
    ) -> list[StoryRow]:
        """Stories, largest and latest first; ``since`` keeps those with an article on or after that date;
        ``search`` (FTS5 syntax: words, "phrases", OR, prefix*) keeps those with a matching article, best first."""
        where, params = ["s.size > 0"], []
        if since:
            where.append("s.last_date >= ?")
            params.append(since.isoformat())
        if search:
            sql = (
                "SELECT s.*, MIN(f.rank) AS best FROM articles_fts f JOIN articles a ON a.rowid = f.rowid"
                f" JOIN stories s ON s.id = a.story_id WHERE articles_fts MATCH ? AND a.current = 1 AND"
                f" {' AND '.join(where)} GROUP BY s.id ORDER BY best, s.id"
            )
            params.insert(0, _fts_query(search))
        else:
            sql = (f"SELECT s.* FROM stories s WHERE {' AND '.join(where)}"
                   " ORDER BY s.size DESC, s.last_date IS NULL, s.last_date DESC, s.id")
        if limit:
            sql += f" LIMIT {int(limit)}"
        try:
            return [_story(r) for r in self.db.execute(sql, params)]
        except sqlite3.OperationalError as exc:
            raise StoreError(f"cannot search for {search!r}: {exc}") from exc

    # -- briefs -------------------------------------------------------------------------------------

    def cached_brief(self, story_id: str, options: str) -> str | None:
        """The cached brief, if it was made from the story as it is now."""
        row = self.db.execute(
            "SELECT b.body FROM briefs b JOIN stories s ON s.id = b.story_id"
            " WHERE b.story_id = ? AND b.options = ? AND b.story_version = s.version",
            (story_id, options),
        ).fetchone()
        return None if row is None else str(row[0])

    def save_brief(self, story_id: str, options: str, body: str) -> bool:
        """Cache a rendered brief of the story as it is now (``keep_if_free``: False if it could not)."""
        version = self.story(story_id).version
        return self.keep_if_free("a brief", lambda: self.db.execute(
            "INSERT INTO briefs (story_id, options, story_version, body, created_at) VALUES (?, ?, ?, ?, ?)"
            " ON CONFLICT (story_id, options) DO UPDATE SET story_version = excluded.story_version,"
            " body = excluded.body, created_at = excluded.created_at",
            (story_id, options, version, body, _now()),
        ))

    def check(self) -> list[str]:
        """Consistency problems, if any (SQLite's own check, then storyweave's invariants)."""
        problems = [r[0] for r in self.db.execute("PRAGMA integrity_check") if r[0] != "ok"]
        queries = {
            "sentences outside their article's text": "SELECT COUNT(*) FROM sentences s JOIN articles a"
            ' ON a.id = s.article_id WHERE s.start < 0 OR s."end" > length(a.text) OR s.start >= s."end"',
            "sentences of no article": "SELECT COUNT(*) FROM sentences"
            " WHERE article_id NOT IN (SELECT id FROM articles)",
            "inputs remembered for no article": "SELECT COUNT(*) FROM inputs"
            " WHERE article_id NOT IN (SELECT id FROM articles)",
            "articles without a story": "SELECT COUNT(*) FROM articles WHERE current = 1 AND"
            " (story_id IS NULL OR story_id NOT IN (SELECT id FROM stories))",
            "stories whose size is wrong": "SELECT COUNT(*) FROM stories s WHERE size !="
            " (SELECT COUNT(*) FROM articles a WHERE a.story_id = s.id AND a.current = 1)",
            "near-duplicate keys missing": f"SELECT {BANDS} * (SELECT COUNT(*) FROM articles WHERE minhash IS NOT"
            " NULL) - (SELECT COUNT(*) FROM minhash_bands)",
            "near-duplicate keys of no article": "SELECT COUNT(*) FROM minhash_bands"
            " WHERE article_row NOT IN (SELECT rowid FROM articles)",
            "kept story sums of no story": "SELECT COUNT(*) FROM story_sums"
            " WHERE story_id NOT IN (SELECT id FROM stories)",
        }
        for name, sql in queries.items():
            count = self.db.execute(sql).fetchone()[0]
            if count:
                problems.append(f"{count} {name}")
        try:  # the full-text index against the articles it indexes (rank 1: compare with the content)
            self.db.execute("INSERT INTO articles_fts (articles_fts, rank) VALUES ('integrity-check', 1)")
        except sqlite3.DatabaseError as exc:
            problems.append(f"the full-text index does not match the articles ({exc})")
        return problems


def _fts_query(text: str) -> str:
    """Plain words become a conjunction of quoted terms; text with FTS5 operators passes through."""
    if any(op in text for op in ('"', " OR ", " AND ", " NOT ", "*", "(", ":")):
        return text
    return " ".join('"' + w.replace('"', "") + '"' for w in text.split())


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], outlet=row["outlet"], title=row["title"], published=_date(row["published"]),
        text=row["text"], url=row["url"], source=row["source"], source_id=row["source_id"],
        date_source=row["date_source"], outlet_source=row["outlet_source"],
        removed=tuple(Removed(reason, text, line) for reason, text, line in json.loads(row["removed"])),
        language=row["language"],
    )


def _story(row: sqlite3.Row) -> StoryRow:
    return StoryRow(
        id=row["id"], topic_id=row["topic_id"], title=row["title"], size=row["size"],
        outlets=tuple(json.loads(row["outlets"])), first_date=_date(row["first_date"]),
        last_date=_date(row["last_date"]), version=row["version"], updated_at=row["updated_at"],
    )


def _natural(name: str) -> list[str | int]:
    """A sort key in which "dump:9" comes before "dump:10"."""
    return [int(part) if index % 2 else part for index, part in enumerate(re.split(r"(\d+)", name))]


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _date(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")

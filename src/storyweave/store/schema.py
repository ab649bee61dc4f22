"""The store's schema, as an ordered list of migrations (``PRAGMA user_version`` counts the applied ones).

Never edit a released migration: append a new one. Each runs in one transaction.
"""

from __future__ import annotations

import json
import struct
import sys
from collections.abc import Mapping, Sequence
from itertools import chain

import numpy as np

# How clustering vectors (an article's, a story's or a topic's sums; one sparse vector per bag)
# are stored: b"SW" and a format number; the number of bags and each bag's number of terms
# (little-endian uint32); the weights, little-endian float64, bag after bag; then the terms in
# UTF-8, separated by U+001F (terms are words, names and numbers: never a control character).
# Writing and reading are passes in C: a year's 9,116 story sums took 1.82 s to write and 1.56 s
# to read as JSON, 0.21 s and 0.60 s packed, in half the bytes. Rows written as JSON by earlier
# versions are still read (``read_vectors``).
_PACKED = b"SW\x01"
_SEPARATOR = "\x1f"


def pack_vectors(vectors: Sequence[Mapping[str, float]]) -> bytes:
    """The stored form of clustering vectors (see ``read_vectors``)."""
    counts = [len(vector) for vector in vectors]
    total = sum(counts)
    terms = _SEPARATOR.join(chain.from_iterable(vectors))
    if terms.count(_SEPARATOR) != max(0, total - 1):
        raise ValueError("a term holds the separator U+001F")
    weights = np.fromiter(chain.from_iterable(vector.values() for vector in vectors), dtype="<f8", count=total)
    return _PACKED + struct.pack(f"<B{len(counts)}I", len(counts), *counts) + weights.tobytes() + terms.encode()


def read_vectors(stored: bytes | str | None) -> tuple[dict[str, float], ...]:
    """Clustering vectors as stored: packed (``pack_vectors``), or JSON as earlier versions wrote them."""
    if not stored:
        return ()
    if isinstance(stored, str):
        return tuple(json.loads(stored))
    if not stored.startswith(_PACKED):
        raise ValueError("not stored clustering vectors")
    bags = stored[len(_PACKED)]
    start = len(_PACKED) + 1 + 4 * bags
    counts = struct.unpack_from(f"<{bags}I", stored, len(_PACKED) + 1)
    total = sum(counts)
    weights = np.frombuffer(stored, dtype="<f8", count=total, offset=start).tolist()
    # Interned: the same terms recur in every story (a year's restored sums hold 651,000 terms, 34 MB
    # as strings of their own, of some 50,000 distinct words).
    terms = list(map(sys.intern, stored[start + 8 * total :].decode().split(_SEPARATOR))) if total else []
    vectors, at = [], 0
    for count in counts:
        vectors.append(dict(zip(terms[at : at + count], weights[at : at + count], strict=True)))
        at += count
    return tuple(vectors)


MIGRATIONS: tuple[str, ...] = (
    # 1: articles (every version), their sentences, full-text search, stories, cached briefs,
    #    and the clustering state (document frequencies, per-article vectors and MinHash signatures).
    """
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,                 -- content hash of the cleaned text
        key TEXT NOT NULL,                   -- identity across versions: URL, else given id, else source
        version INTEGER NOT NULL DEFAULT 1,
        current INTEGER NOT NULL DEFAULT 1,  -- 0 once a newer version replaced it
        superseded_by TEXT REFERENCES articles(id),
        outlet TEXT NOT NULL,
        title TEXT,
        published TEXT,
        url TEXT,
        source TEXT,
        source_id TEXT,
        date_source TEXT,
        outlet_source TEXT,
        language TEXT,
        text TEXT NOT NULL,
        removed TEXT NOT NULL DEFAULT '[]',
        story_id TEXT,
        duplicate_of TEXT REFERENCES articles(id),
        vectors TEXT,                        -- JSON: the clustering vectors the article was placed with
        minhash BLOB,
        ingested_at TEXT NOT NULL
    );
    CREATE INDEX articles_key ON articles(key, current);
    CREATE INDEX articles_story ON articles(story_id, current);
    CREATE TABLE sentences (
        article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
        idx INTEGER NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        paragraph INTEGER NOT NULL,
        PRIMARY KEY (article_id, idx)
    ) WITHOUT ROWID;
    CREATE VIRTUAL TABLE articles_fts USING fts5(title, text, content='articles', content_rowid='rowid');
    CREATE TRIGGER articles_ai AFTER INSERT ON articles BEGIN
        INSERT INTO articles_fts(rowid, title, text) VALUES (new.rowid, new.title, new.text);
    END;
    CREATE TRIGGER articles_ad AFTER DELETE ON articles BEGIN
        INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.rowid, old.title, old.text);
    END;
    CREATE TABLE stories (
        id TEXT PRIMARY KEY,
        topic_id TEXT,
        title TEXT,
        size INTEGER NOT NULL,
        outlets TEXT NOT NULL,               -- JSON list
        first_date TEXT,
        last_date TEXT,
        version INTEGER NOT NULL DEFAULT 1,  -- goes up whenever the story's articles change
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    );
    CREATE INDEX stories_last ON stories(last_date);
    CREATE TABLE briefs (
        story_id TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
        options TEXT NOT NULL,               -- format and brief options, as canonical JSON
        story_version INTEGER NOT NULL,
        body TEXT NOT NULL,
        created_at TEXT NOT NULL,
        PRIMARY KEY (story_id, options)
    );
    CREATE TABLE vocabulary (
        bag INTEGER NOT NULL,
        term TEXT NOT NULL,
        df INTEGER NOT NULL,
        PRIMARY KEY (bag, term)
    ) WITHOUT ROWID;
    CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    """,
    # 2: stories merged into others keep their ids as aliases, so links to them still work.
    """
    CREATE TABLE story_aliases (
        id TEXT PRIMARY KEY,                 -- a story id that no longer exists
        story_id TEXT NOT NULL               -- the story its articles went to
    );
    """,
    # 3: the inputs already read (a digest of each raw JSONL line and of each whole file), so a
    #    re-ingest skips them before parsing and cleaning.
    """
    CREATE TABLE inputs (
        digest TEXT NOT NULL,                -- BLAKE2b-128 of the stripped raw line, or "file:" + of the file
        article_id TEXT NOT NULL,            -- an article it gave
        PRIMARY KEY (digest, article_id)
    ) WITHOUT ROWID;
    """,
    # 4: each topic's summed vectors over all its articles, so that an ingest that restores only
    #    the open stories still finds the older topics its stories belong to.
    """
    CREATE TABLE topics (
        id TEXT PRIMARY KEY,
        size INTEGER NOT NULL,               -- its articles
        sums TEXT NOT NULL                   -- the sums of its articles' vectors, per bag, as vectors_json
    );
    """,
    # 5: the LSH band keys of each article's MinHash signature, so that an ingest looks up the
    #    stored articles a new one may copy instead of loading every signature (the keys of the
    #    articles stored before come from their signatures: minhash_band is cluster.dedup.band_key,
    #    registered on the connection; 14 bands, cluster.dedup.BANDS).
    """
    CREATE TABLE minhash_bands (
        key INTEGER NOT NULL,                -- a hash of the band's number and values
        article_row INTEGER NOT NULL,        -- articles.rowid
        PRIMARY KEY (key, article_row)
    ) WITHOUT ROWID;
    WITH RECURSIVE band(n) AS (SELECT 0 UNION ALL SELECT n + 1 FROM band WHERE n < 13)
    INSERT OR IGNORE INTO minhash_bands (key, article_row)
        SELECT minhash_band(a.minhash, band.n), a.rowid FROM articles a, band WHERE a.minhash IS NOT NULL;
    """,
    # 6: each story's summed vectors, so that an ingest restores a story (or counts a closed one
    #    in its topic) from one row instead of reading and adding up every article's vectors. Kept
    #    at the end of an ingest for the stories it changed; a row whose version or size is not the
    #    story's any more is out of date and not used (the story is summed from its articles).
    """
    CREATE TABLE story_sums (
        story_id TEXT PRIMARY KEY,
        version INTEGER NOT NULL,            -- stories.version when they were summed
        size INTEGER NOT NULL,               -- its current articles then
        sums BLOB NOT NULL                   -- the sums of their vectors, per bag (pack_vectors)
    );
    """,
    # 7: new articles enter the full-text index once per transaction (``Store.transaction``: one
    #    INSERT ... SELECT of the rows it added), not one trigger run per row: FTS5 writes out its
    #    pending terms at every statement that changes it, so a row at a time left a segment a row
    #    to merge. 7,913 articles went in 4.2 s with the trigger, 2.4 s this way, the same index.
    """
    DROP TRIGGER IF EXISTS articles_ai;
    """,
)

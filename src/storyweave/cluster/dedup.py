"""Near-duplicates: wire copies and syndicated reprints, found with MinHash LSH (datasketch).

Two articles are near-duplicates when the Jaccard similarity of their word
5-shingle sets is about ``threshold`` or more. The later one is linked to the
first one seen (its canonical), joins the canonical's story, and counts once as
corroboration.

The index of one ingest is held in memory; a store keeps each article's band keys
(``band_keys``) so that an ingest looks up the stored articles a new one may copy
(``lookup``) instead of loading every stored signature.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Callable, Iterable
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from storyweave.represent.text import words

if TYPE_CHECKING:
    from datasketch import MinHash

__all__ = [
    "BANDS", "DEFAULT_THRESHOLD", "Lookup", "NearDuplicates", "band_key", "band_keys", "shingles", "signature_of",
]

# Reprints with a changed headline, byline or last paragraph stay above 0.8; two outlets'
# own reports of one event share far fewer 5-word runs (GUIDE.md §5: LSH found all near-copies
# of a seed article and nothing else at this setting).
DEFAULT_THRESHOLD = 0.8
NUM_PERM = 128
SHINGLE = 5
SCHEME = "affine32"  # datasketch 2.x hashing; stored signatures name it so they stay comparable
# Shingles are hashed with CRC-32 (fast, and the same in every process; sha1, datasketch's default,
# took a sixth of the reading time). Signatures made with another hash are not comparable.
# The LSH bands: 14 of 9 values each, which is what datasketch chooses for a threshold of 0.8
# with misses weighted 9 to 1 against false candidates (a pair at 0.86 is found 98% of the time
# rather than 75%). Fixed here, so that band keys kept in a store stay comparable whatever
# another datasketch version would choose; changing them means recomputing the stored keys.
BANDS, ROWS = 14, 9

# The stored articles whose band keys include one of these: (id, signature, the article it copies).
Lookup = Callable[[list[int]], Iterable[tuple[str, bytes, str | None]]]


def shingles(text: str, size: int = SHINGLE) -> set[bytes]:
    tokens = words(text)
    if len(tokens) < size:
        return {" ".join(tokens).encode("utf-8")} if tokens else set()
    return {" ".join(tokens[i : i + size]).encode("utf-8") for i in range(len(tokens) - size + 1)}


def signature_of(text: str, num_perm: int = NUM_PERM) -> bytes:
    """The MinHash signature of ``text``'s word 5-shingles, as stored (uint64 values)."""
    from datasketch import MinHash  # imported on use: it costs a quarter second at import time

    minhash = MinHash(num_perm=num_perm, seed=1, hashfunc=zlib.crc32, permutations=_permutations(num_perm),
                      scheme=SCHEME)
    minhash.update_batch(list(shingles(text)))  # (the minimum of each permutation: in any order)
    return np.asarray(minhash.hashvalues, dtype=np.uint64).tobytes()


def band_key(signature: bytes, band: int) -> int:
    """The LSH key of one band of a stored signature (``signature_of``): a 64-bit hash of the
    band's number and values. Two articles are candidates when one of their keys is the same."""
    width = ROWS * 8  # uint64 values
    digest = hashlib.blake2b(bytes([band]) + signature[band * width : (band + 1) * width], digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)  # an SQLite INTEGER


def band_keys(signature: bytes) -> list[int]:
    return [band_key(signature, band) for band in range(BANDS)]


@lru_cache(maxsize=4)
def _permutations(num_perm: int) -> object:
    from datasketch import MinHash

    return MinHash(num_perm=num_perm, seed=1, scheme=SCHEME).permutations


class NearDuplicates:
    """An LSH index of the articles seen so far; ``add`` returns the canonical an article copies, if any.

    With a ``lookup`` (a store's ``near_copies``), the stored articles that share a band with a
    new one are brought into the index before it is looked up: the same candidates as if every
    stored article had been indexed, for the cost of the new ones."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD, lookup: Lookup | None = None) -> None:
        from datasketch import MinHashLSH

        self.threshold = threshold
        self.lookup = lookup
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM, params=(BANDS, ROWS))
        self._hashes: dict[str, object] = {}
        self._permutations = _permutations(NUM_PERM)
        self.canonical: dict[str, str] = {}

    def add(self, article_id: str, text: str | None = None, *, signature: bytes | None = None) -> str | None:
        """Index an article by its text or its stored ``signature_of``; return the id of the earlier
        article it nearly copies (its canonical), or None."""
        if article_id in self._hashes:
            return self.canonical.get(article_id)
        if signature is None:
            signature = signature_of(text or "")
        if self.lookup is not None:
            for stored, stored_signature, canonical in self.lookup(band_keys(signature)):
                self.restore(stored, stored_signature, canonical)
        minhash = self._minhash(signature)
        matches = sorted(str(m) for m in self._lsh.query(minhash))
        found = None
        if matches:
            best = max(matches, key=lambda m: (minhash.jaccard(self._hashes[m]), m))
            if minhash.jaccard(self._hashes[best]) >= self.threshold:
                found = self.canonical.get(best, best)
                self.canonical[article_id] = found
        self._index(article_id, minhash)
        return found

    def restore(self, article_id: str, signature: bytes, canonical: str | None) -> None:
        """Index a stored article as it was placed, with the canonical it was found to copy then
        (not looked up again: restoring a store's index is then an insert per article)."""
        if article_id in self._hashes:
            return
        minhash = self._minhash(signature)
        if canonical is not None:
            self.canonical[article_id] = canonical
        self._index(article_id, minhash)

    def _index(self, article_id: str, minhash: MinHash) -> None:
        self._lsh.insert(article_id, minhash)
        self._hashes[article_id] = minhash

    def _minhash(self, signature: bytes) -> MinHash:
        from datasketch import MinHash

        return MinHash(num_perm=NUM_PERM, seed=1, hashvalues=np.frombuffer(signature, dtype=np.uint64),
                       permutations=self._permutations, scheme=SCHEME)

"""A small tf-idf space over the sentences of one story (sparse, L2-normalised)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy import sparse


class TfidfSpace:
    """tf-idf vectors of token lists, with idf computed over ``documents``.

    ``documents`` are token lists; idf counts in how many of them a token occurs
    (we pass whole articles, so a term's weight reflects how many outlets use it).
    """

    def __init__(self, documents: Sequence[Sequence[str]]) -> None:
        df: Counter[str] = Counter()
        for doc in documents:
            df.update(set(doc))
        n = max(1, len(documents))
        self.vocabulary = {term: i for i, term in enumerate(sorted(df))}
        self.idf = np.array([math.log((1 + n) / (1 + df[t])) + 1.0 for t in sorted(df)])

    def transform(self, token_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        from scipy import sparse  # on use: a seventh of a second to import, which listing stories need not pay

        rows, cols, vals = [], [], []
        for row, tokens in enumerate(token_lists):
            counts = Counter(t for t in tokens if t in self.vocabulary)
            for term, count in counts.items():
                col = self.vocabulary[term]
                rows.append(row)
                cols.append(col)
                vals.append((1.0 + math.log(count)) * self.idf[col])
        matrix = sparse.csr_matrix(
            (vals, (rows, cols)), shape=(len(token_lists), len(self.vocabulary)), dtype=np.float64
        )
        norms = np.sqrt(matrix.multiply(matrix).sum(axis=1)).A1
        norms[norms == 0] = 1.0
        return sparse.csr_matrix(sparse.diags(1.0 / norms) @ matrix)


def cosine_matrix(a: sparse.csr_matrix, b: sparse.csr_matrix | None = None) -> np.ndarray:
    """Cosine similarities between the rows of L2-normalised matrices."""
    other = a if b is None else b
    return np.asarray((a @ other.T).toarray())

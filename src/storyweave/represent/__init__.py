"""Represent stage: words, stems, concepts and tf-idf vectors of sentences."""

from __future__ import annotations

from typing import TYPE_CHECKING

from storyweave.represent.text import STOPWORDS, content_stems, stem, words

if TYPE_CHECKING:
    from storyweave.represent.tfidf import TfidfSpace, cosine_matrix

__all__ = ["STOPWORDS", "TfidfSpace", "content_stems", "cosine_matrix", "stem", "words"]


def __getattr__(name: str) -> object:
    # The tf-idf space imports scipy.sparse (0.15 s); ingest needs only words and stems from here.
    if name in ("TfidfSpace", "cosine_matrix"):
        from storyweave.represent import tfidf

        return getattr(tfidf, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")

"""Represent stage: words, stems, concepts and tf-idf vectors of sentences."""

from __future__ import annotations

from storyweave.represent.text import STOPWORDS, content_stems, stem, words
from storyweave.represent.tfidf import TfidfSpace, cosine_matrix

__all__ = ["STOPWORDS", "TfidfSpace", "content_stems", "cosine_matrix", "stem", "words"]

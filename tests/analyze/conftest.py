from __future__ import annotations

from collections.abc import Iterator

import pytest

from storyweave.analyze import entities
from storyweave.represent import embed

MODES = ["models", "rules"]  # with the NER model and embeddings when installed; rules and words alone


@pytest.fixture(params=MODES)
def mode(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """Run a test with the optional models (when installed) and again without them."""
    if request.param == "rules":
        monkeypatch.setenv("STORYWEAVE_NO_NER", "1")
        monkeypatch.setenv("STORYWEAVE_NO_EMBED", "1")
    entities._nlp.cache_clear()
    embed._model.cache_clear()
    yield request.param
    entities._nlp.cache_clear()
    embed._model.cache_clear()

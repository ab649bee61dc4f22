"""The all-MiniLM-L6-v2 sentence encoder, run with numpy.

The model is a small BERT (6 layers, 384 wide, 12 heads) whose token outputs are averaged over
the text's tokens and scaled to unit length. Loading it through sentence-transformers imports
transformers and torch: 6 to 7 seconds on this machine, before the first sentence (a brief of
the five example articles took 10.0 s that way, 6.5 s this way). Here the same weights
(safetensors) and the same tokenizer (``tokenizers``, the fast tokenizer transformers itself
uses) run in numpy: loading takes a tenth of a second, and encoding is as fast as torch's on two
cores. The outputs equal sentence-transformers' to float32 rounding (tests/analyze/test_minilm.py
checks it whenever sentence-transformers is installed).

Only what this model's files say it is gets run: a BERT with absolute positions and exact
(erf) GELU, mean pooling, then normalisation; other files are refused with ``ValueError``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
from scipy.special import erf

__all__ = ["MiniLM"]

# Texts per forward pass, at most (sentence-transformers' default), and padded tokens per pass, at
# most: the texts go longest first, and 32 texts padded to a long one's 256 tokens cost as much
# attention as 256 short ones (198 sentences of the two examples: 5.6 s with 32 a pass, 3.4 s so;
# 1,024 tokens 3.6 s, 4,096 tokens 4.4 to 5.2 s).
BATCH = 32
BATCH_TOKENS = 2048


class MiniLM:
    """A BERT sentence encoder read from a sentence-transformers model folder."""

    def __init__(self, folder: str | Path) -> None:
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer

        root = Path(folder)
        config = json.loads((root / "config.json").read_text(encoding="utf-8"))
        pooling = json.loads((root / "1_Pooling" / "config.json").read_text(encoding="utf-8"))
        modules = [m["type"] for m in json.loads((root / "modules.json").read_text(encoding="utf-8"))]
        settings = json.loads((root / "sentence_bert_config.json").read_text(encoding="utf-8"))
        if (config.get("model_type") != "bert" or config.get("hidden_act") != "gelu"
                or config.get("position_embedding_type", "absolute") != "absolute"
                or not pooling.get("pooling_mode_mean_tokens")
                or any(pooling.get(k) for k in ("pooling_mode_cls_token", "pooling_mode_max_tokens",
                                                "pooling_mode_mean_sqrt_len_tokens"))
                or settings.get("do_lower_case")):
            raise ValueError(f"{root}: not a mean-pooled BERT sentence encoder this reader knows")
        self.normalise = any(m.endswith("Normalize") for m in modules)
        self.heads = int(config["num_attention_heads"])
        self.layers = int(config["num_hidden_layers"])
        self.eps = float(config["layer_norm_eps"])
        self.max_tokens = min(int(settings["max_seq_length"]), int(config["max_position_embeddings"]))
        # Dense layers' weights are kept transposed (inputs x outputs, contiguous): a 2-D product
        # with them goes straight to BLAS.
        self.weights: dict[str, np.ndarray] = {
            name: np.ascontiguousarray(value.T if name.endswith(".weight") and ("dense" in name or ".self." in name)
                                       else value, dtype=np.float32)
            for name, value in load_file(str(root / "model.safetensors")).items() if value.dtype != np.int64
        }
        self.width = int(config["hidden_size"])
        for layer in range(self.layers):  # query, key and value as one product
            prefix = f"encoder.layer.{layer}.attention.self."
            for part in ("weight", "bias"):
                self.weights[prefix + "qkv." + part] = np.ascontiguousarray(np.concatenate(
                    [self.weights.pop(prefix + f"{name}.{part}") for name in ("query", "key", "value")], axis=-1))
        self.tokenizer = Tokenizer.from_file(str(root / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_tokens)
        self.tokenizer.no_padding()

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """One embedding per text (float32 rows; unit length when the model normalises), the
        texts taken longest first in batches of at most ``BATCH`` texts and ``BATCH_TOKENS``
        padded tokens, and given back in their order. A text is cut to the model's 256 tokens."""
        result = np.zeros((len(texts), self.width), dtype=np.float32)
        encodings = self.tokenizer.encode_batch([str(t).strip() for t in texts])
        order = sorted(range(len(texts)), key=lambda i: -len(encodings[i].ids))
        start = 0
        while start < len(order):
            # The batch's texts are padded to its longest (the first): a long text goes with few others.
            size = max(1, min(BATCH, BATCH_TOKENS // len(encodings[order[start]].ids)))
            chosen = order[start : start + size]
            result[chosen] = self._forward([encodings[i] for i in chosen])
            start += size
        return result

    def _forward(self, encodings: Sequence[Any]) -> np.ndarray:
        w = self.weights
        length = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(encodings), length), dtype=np.int64)
        types = np.zeros_like(ids)
        mask = np.zeros((len(encodings), length), dtype=np.float32)
        for row, encoding in enumerate(encodings):
            ids[row, : len(encoding.ids)] = encoding.ids
            types[row, : len(encoding.ids)] = encoding.type_ids
            mask[row, : len(encoding.ids)] = 1.0
        x = (w["embeddings.word_embeddings.weight"][ids] + w["embeddings.position_embeddings.weight"][:length]
             + w["embeddings.token_type_embeddings.weight"][types])
        x = self._norm(x, "embeddings.LayerNorm")
        # Padding keys get the lowest float (as transformers adds), so they weigh nothing in softmax.
        hide = ((1.0 - mask) * np.finfo(np.float32).min)[:, None, None, :]
        for layer in range(self.layers):
            x = self._layer(x, hide, f"encoder.layer.{layer}.")
        pooled = (x * mask[:, :, None]).sum(axis=1) / np.maximum(mask.sum(axis=1, keepdims=True), 1e-9)
        if self.normalise:
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
        return np.asarray(pooled, dtype=np.float32)

    def _layer(self, x: np.ndarray, hide: np.ndarray, prefix: str) -> np.ndarray:
        batch, length, width = x.shape
        size = width // self.heads
        qkv = self._dense(x, prefix + "attention.self.qkv").reshape(batch, length, 3, self.heads, size)
        query = np.ascontiguousarray(qkv[:, :, 0].transpose(0, 2, 1, 3))
        keys = np.ascontiguousarray(qkv[:, :, 1].transpose(0, 2, 3, 1))
        values = np.ascontiguousarray(qkv[:, :, 2].transpose(0, 2, 1, 3))
        scores = query @ keys
        scores *= np.float32(1.0 / math.sqrt(size))
        scores += hide
        scores -= scores.max(axis=-1, keepdims=True)
        np.exp(scores, out=scores)
        scores /= scores.sum(axis=-1, keepdims=True)
        context = (scores @ values).transpose(0, 2, 1, 3).reshape(batch, length, width)
        x = self._norm(self._dense(context, prefix + "attention.output.dense") + x,
                       prefix + "attention.output.LayerNorm")
        inner = self._dense(x, prefix + "intermediate.dense")
        inner *= np.float32(0.5) * (np.float32(1.0) + erf(inner * np.float32(1.0 / math.sqrt(2.0))))  # exact GELU
        return self._norm(self._dense(inner, prefix + "output.dense") + x, prefix + "output.LayerNorm")

    def _dense(self, x: np.ndarray, name: str) -> np.ndarray:
        flat = np.asarray(x.reshape(-1, x.shape[-1]) @ self.weights[name + ".weight"] + self.weights[name + ".bias"])
        return flat.reshape(*x.shape[:-1], flat.shape[-1])

    def _norm(self, x: np.ndarray, name: str) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        variance = ((x - mean) ** 2).mean(axis=-1, keepdims=True)
        scaled = (x - mean) / np.sqrt(variance + np.float32(self.eps))
        return np.asarray(scaled * self.weights[name + ".weight"] + self.weights[name + ".bias"])

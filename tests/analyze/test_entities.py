from __future__ import annotations

import os

import pytest

from storyweave.analyze.entities import _variant_reason, hyphen_key, translit_key


def test_hyphen_and_space_variants_share_a_key() -> None:
    assert hyphen_key("Kim Jong Un") == hyphen_key("Kim Jong-un")


def test_transliteration_variants_merge_with_a_reason() -> None:
    assert translit_key("Khasan") == translit_key("Hasan")
    assert _variant_reason("Khasan", "Hasan")
    assert _variant_reason("Dmitar Sokol", "Dimitar Sokol")
    assert _variant_reason("Kolvik", "Kolwik")


def test_different_people_and_places_do_not_merge() -> None:
    assert _variant_reason("Kim Jong Un", "Kim Jong Il") is None
    assert _variant_reason("Kim Il Sung", "Kim Yo Jong") is None
    assert _variant_reason("Russia", "Rossiya") is None
    assert _variant_reason("Austria", "Australia") is None


def test_spacy_is_imported_without_torch_and_torch_still_imports_after() -> None:
    import subprocess
    import sys

    pytest.importorskip("spacy", reason="the ner extra is not installed")
    code = (
        "import sys\n"
        "from storyweave.analyze.entities import _import_spacy\n"
        "spacy = _import_spacy()\n"
        "assert spacy is not None and 'torch' not in sys.modules, sorted(m for m in sys.modules if 'torch' in m)\n"
        "import importlib.util\n"
        "if importlib.util.find_spec('torch') is not None:\n"
        "    import torch  # hidden only while spaCy was imported\n"
        "print('ok')\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr[-2000:]


def test_the_ner_model_finds_the_same_mentions_in_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many articles go through the NER model in two processes (spaCy's n_process): the same
    mentions as one by one."""
    from pathlib import Path

    from storyweave.analyze import entities
    from storyweave.analyze.context import Context
    from storyweave.ingest import load
    from storyweave.summarize import build_cluster

    if entities._nlp() is None:
        pytest.skip("the ner extra is not installed")
    example = Path(__file__).resolve().parents[2] / "examples" / "kolvik-mine-rescue"
    context = Context(build_cluster(load([example]).articles))
    one_by_one = entities.find_mentions(context)
    monkeypatch.setattr(entities, "NER_PARALLEL_ARTICLES", 2)
    calls: list[int] = []
    language = type(entities._nlp())
    pipe = language.pipe

    def counted_pipe(self: object, texts: list[str], **options: int) -> object:
        calls.append(options["n_process"])
        return pipe(self, texts, **options)

    monkeypatch.setattr(language, "pipe", counted_pipe)
    assert entities.find_mentions(context) == one_by_one and calls == ([2] if (os.cpu_count() or 1) > 1 else [])

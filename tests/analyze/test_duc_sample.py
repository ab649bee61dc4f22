"""The analysis on a sample of DUC 2003 clusters (../shared/datasets), skipped when they are absent."""

from __future__ import annotations

from pathlib import Path

import pytest

from storyweave.analyze import analyze, infer_dates
from storyweave.evaluate import load_clusters
from storyweave.summarize import build_cluster

DUC = Path(__file__).resolve().parents[3] / "shared" / "datasets" / "duc2003.jsonl"


@pytest.mark.parametrize("index", [0, 11, 29])
def test_analysis_runs_and_fills_its_sections(index: int) -> None:
    if not DUC.is_file():
        pytest.skip(f"DUC 2003 is not here: {DUC} is absent (it lives in ../shared beside the repo)")
    cluster = load_clusters(DUC)[index]
    articles = infer_dates(cluster.articles)
    found = analyze(build_cluster(articles), embeddings=False)
    assert found.claims and any(c.support >= 2 for c in found.claims)
    assert found.quotes and found.entities and found.timeline
    text = {a.id: a.text for a in articles}
    for claim in found.claims:
        for citation in claim.citations:
            assert text[citation.article_id][citation.start:citation.end] == citation.text
    assert [e.date[:10] for e in found.timeline] == sorted(e.date[:10] for e in found.timeline)

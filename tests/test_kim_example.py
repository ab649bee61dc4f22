"""Acceptance on the real example (../shared/examples/kim-russia-2019), skipped when it is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from storyweave.cli import EXIT_OK, main

KIM = Path(__file__).resolve().parents[2] / "shared" / "examples" / "kim-russia-2019"

FURNITURE = re.compile(
    r"Home »|ALSO ON|Related article|Original url|https?://|www\.|pic\.twitter|@dimsmirnov|[А-Яа-яЁё]"
)


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    if not KIM.is_dir():
        pytest.skip(f"the real example is not here: {KIM} is absent")
    target = tmp_path_factory.mktemp("kim") / "brief.json"
    assert main(["brief", str(KIM), "--format", "json", "-o", str(target)]) == EXIT_OK
    loaded: dict[str, object] = json.loads(target.read_text(encoding="utf-8"))
    return loaded


def articles(document: dict[str, object]) -> list[dict[str, object]]:
    return document["articles"]  # type: ignore[return-value]


def summary(document: dict[str, object]) -> list[dict[str, object]]:
    return document["summary"]  # type: ignore[return-value]


def test_five_articles_with_outlets_and_dates(document: dict[str, object]) -> None:
    by_source = {Path(str(a["source"])).name[:3]: a for a in articles(document)}
    assert len(by_source) == 5
    assert by_source["000"]["published"] == "2019-04-25"
    assert by_source["003"]["published"] == "2019-04-24"
    assert by_source["003"]["outlet"] == "themoscowtimes.com"
    assert by_source["004"]["outlet"] == "rt.com"
    assert all(a["outlet"] for a in articles(document))


def test_summary_within_budget_and_every_sentence_is_an_exact_span(document: dict[str, object]) -> None:
    texts = {a["id"]: str(a["text"]) for a in articles(document)}
    sentences = summary(document)
    assert sentences
    assert sum(len(str(s["text"]).split()) for s in sentences) <= 100
    for sentence in sentences:
        citations = sentence["citations"]
        assert isinstance(citations, list) and citations
        first = citations[0]
        assert texts[first["article_id"]][first["start"]:first["end"]] == sentence["text"]
        for citation in citations:
            assert texts[citation["article_id"]][citation["start"]:citation["end"]] == citation["text"]


def test_no_site_furniture_anywhere(document: dict[str, object]) -> None:
    for sentence in summary(document):
        assert not FURNITURE.search(str(sentence["text"]))
    for article in articles(document):
        found = FURNITURE.search(str(article["text"]))
        assert found is None, (article["source"], found.group(0) if found else None)


def test_article_text_is_kept(document: dict[str, object]) -> None:
    by_source = {Path(str(a["source"])).name[:3]: str(a["text"]) for a in articles(document)}
    assert "Kim Yong Chol had been a prominent presence" in by_source["003"]  # wrapped, now whole
    assert by_source["004"].rstrip().endswith("“provocations.”")
    assert by_source["001"].startswith("North Korean leader Kim Jong Un crossed into Russia")

"""Fixtures for the store, ingest-format and clustering tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from newsdata import CHOIR, FERRY_A, FERRY_B, jsonl_records


@pytest.fixture
def news_records() -> list[dict[str, str]]:
    return jsonl_records([FERRY_A, FERRY_B, CHOIR])


@pytest.fixture
def news_jsonl(tmp_path: Path, news_records: list[dict[str, str]]) -> Path:
    path = tmp_path / "news.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in news_records), encoding="utf-8")
    return path

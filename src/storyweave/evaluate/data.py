"""Evaluation data: summarization clusters from cluster JSONL or the original DUC layout.

Cluster JSONL (one cluster per line):
``{"id", "docs": [{"id", "date", "title", "text"}], "refs": [str, ...]}``.

DUC layout: a ``docs`` folder with one folder per cluster holding one SGML document per
file (its number, date and text, the text in paragraph tags or tab-indented paragraphs),
and a ``models`` folder with the reference summaries, one file per cluster and annotator,
named after the cluster number.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from pathlib import Path

from storyweave.errors import InputError, MalformedInputError
from storyweave.ingest import article_from_text
from storyweave.ingest.meta import parse_date
from storyweave.ingest.sgml import plain, sgml_date, sgml_fields, sgml_text
from storyweave.model import Article

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class EvalCluster:
    id: str
    articles: tuple[Article, ...]
    refs: tuple[str, ...]


def load_clusters(path: str | Path) -> list[EvalCluster]:
    """Clusters from a cluster JSONL file or a DUC-layout folder (with ``docs/`` and ``models/``)."""
    path = Path(path)
    if path.is_dir():
        return load_duc_layout(path)
    if not path.is_file():
        raise InputError(str(path), "no such file or directory")
    return load_cluster_jsonl(path)


def load_cluster_jsonl(path: Path) -> list[EvalCluster]:
    clusters = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            docs = _usable([
                (str(d.get("text", "")), f"{path}:{number}:{d.get('id')}", d.get("id"), d.get("date"), d.get("title"))
                for d in record["docs"]
            ])
            refs = tuple(str(r) for r in record["refs"])
            cluster_id = str(record["id"])
        except (KeyError, TypeError, AttributeError, json.JSONDecodeError) as exc:
            raise MalformedInputError(f"{path}:{number}", f"not a cluster record ({exc})") from exc
        if docs:
            clusters.append(EvalCluster(cluster_id, tuple(docs), refs))
        else:
            log.warning("%s:%d: cluster %s has no usable document; left out", path, number, cluster_id)
    return clusters


def _usable(docs: list[tuple[str, str, object, object, object]]) -> list[Article]:
    """The documents that make articles; the others (empty after cleaning) are logged and left out."""
    articles = []
    for text, source, doc_id, date, title in docs:
        try:
            articles.append(_article(text, source, doc_id, date, title))
        except InputError as exc:
            log.warning("%s", exc)
    return articles


def _article(text: str, source: str, doc_id: object, date: object, title: object) -> Article:
    return article_from_text(
        text, source=source, outlet=str(doc_id or source), title=str(title) if title else None,
        published=parse_date(str(date)[:10]) if date else None, source_id=str(doc_id) if doc_id else None,
        outlet_origin="metadata",
    )


def load_duc_layout(root: Path) -> list[EvalCluster]:
    docs_dir, models_dir = root / "docs", root / "models"
    if not docs_dir.is_dir() or not models_dir.is_dir():
        raise InputError(str(root), "a DUC-layout folder needs docs/ and models/ inside")
    clusters = []
    for cluster_dir in sorted(p for p in docs_dir.iterdir() if p.is_dir()):
        number = re.sub(r"\D", "", cluster_dir.name)
        refs = tuple(
            _read_model(p) for p in sorted(models_dir.glob(f"D{number}.M.*")) if p.is_file()
        )
        if not refs:
            raise InputError(str(cluster_dir), f"no model summaries D{number}.M.* in {models_dir}")
        articles = tuple(parse_duc_doc(p) for p in sorted(cluster_dir.iterdir()) if p.is_file())
        clusters.append(EvalCluster(cluster_dir.name, articles, refs))
    return clusters


def parse_duc_doc(path: Path) -> Article:
    """One DUC/TREC SGML document: its DOCNO, date and the paragraphs of its TEXT."""
    fields = sgml_fields(path.read_text(encoding="latin-1"))
    if "TEXT" not in fields:
        raise MalformedInputError(str(path), "no <TEXT> element")
    docno = fields.get("DOCNO", path.name).strip()
    return _article(sgml_text(fields["TEXT"]), str(path), docno, sgml_date(fields), None)


def _read_model(path: Path) -> str:
    return plain(path.read_text(encoding="latin-1"))

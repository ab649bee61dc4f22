"""The summarization harness: DUC-layout loader, scorers on a tiny fixture, report format."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from storyweave.evaluate.data import EvalCluster, load_clusters
from storyweave.evaluate.rouge import MIN_EXCEPTION_KEYS, rouge_score_f1
from storyweave.evaluate.summaries import bootstrap_interval, evaluate_summaries, format_table

DOC = """<DOC>
<DOCNO> PTW20260101.{n} </DOCNO>
<DATE_TIME> 01/0{n}/2026 10:00:00 </DATE_TIME>
<TEXT>
\t   PORTVILLE (AP) _ A ferry carrying {n}20 passengers ran aground on a sandbar near Portville
on Friday, coast guard officials said.
\t   ``Everyone was brought ashore safely,'' said coast guard captain Lena Hart.
\t   The ferry operator said its own inspectors would look into the grounding.
</TEXT>
</DOC>
"""


def make_duc(root: Path) -> Path:
    docs = root / "docs" / "d99001t"
    docs.mkdir(parents=True)
    for n in (1, 2, 3):
        (docs / f"PTW20260101.{n}").write_text(DOC.format(n=n), encoding="latin-1")
    models = root / "models"
    models.mkdir()
    (models / "D99001.M.100.T.A.html").write_text("A ferry ran aground off Portville .\nAll passengers were safe .\n")
    (models / "D99001.M.100.T.B.html").write_text("Passengers were brought ashore after a ferry ran aground .\n")
    return root


def test_duc_layout_loader(tmp_path: Path) -> None:
    (cluster,) = load_clusters(make_duc(tmp_path))
    assert cluster.id == "d99001t" and len(cluster.articles) == 3 and len(cluster.refs) == 2
    first = cluster.articles[0]
    assert first.source_id == "PTW20260101.1" and first.published is not None and first.published.day == 1
    assert '"Everyone was brought ashore safely," said' in first.text
    assert "ran aground on a sandbar near Portville on Friday" in first.text  # unwrapped
    assert cluster.refs[0] == "A ferry ran aground off Portville . All passengers were safe ."


def test_duc_layout_needs_models(tmp_path: Path) -> None:
    from storyweave.errors import InputError

    (tmp_path / "docs" / "d1t").mkdir(parents=True)
    (tmp_path / "models").mkdir()
    with pytest.raises(InputError, match="no model summaries"):
        load_clusters(tmp_path)


def test_rouge_score_known_values() -> None:
    scores = rouge_score_f1(["the cat sat on the mat"], ["the cat sat on the mat"])
    assert scores == {"rouge1": 100.0, "rouge2": 100.0, "rougeLsum": 100.0}
    half = rouge_score_f1(["the cat"], ["the cat sat down"])
    assert half["rouge1"] == pytest.approx(2 * 1.0 * 0.5 / 1.5 * 100)


def test_bootstrap_interval_contains_the_mean() -> None:
    low, high = bootstrap_interval([1.0, 2.0, 3.0, 4.0, 5.0])
    assert low < 3.0 < high and bootstrap_interval([1.0, 2.0, 3.0, 4.0, 5.0]) == (low, high)


def test_report_format(tmp_path: Path) -> None:
    clusters = load_clusters(make_duc(tmp_path / "duc"))
    report = evaluate_summaries(clusters, ["concepts", "lead"], words=30, scorer="rouge-score",
                                save_dir=tmp_path / "out")
    methods = report["methods"]
    assert isinstance(methods, dict) and set(methods) == {"concepts", "lead"}
    for values in methods.values():
        assert set(values["mean"]) == {"rouge1", "rouge2", "rougeLsum"}
        assert values["per_cluster"][0]["id"] == "d99001t"
        assert values["ms_median"] >= 0
    assert (tmp_path / "out" / "concepts" / "d99001t.txt").read_text().strip()
    assert format_table(report).splitlines()[0].startswith("| method | rouge1")


perl_ok = shutil.which("perl") is not None and subprocess.run(
    ["perl", "-MXML::Parser", "-MDB_File", "-e1"], capture_output=True, check=False
).returncode == 0


@pytest.mark.skipif(not perl_ok, reason="Perl with XML::Parser (Debian libxml-parser-perl) is not installed")
def test_perl_rouge_with_a_full_exception_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from storyweave.evaluate.rouge import ensure_rouge_data, exception_db_size, perl_rouge

    monkeypatch.setenv("STORYWEAVE_CACHE", str(tmp_path))
    data = ensure_rouge_data()
    assert exception_db_size(data / "WordNet-2.0.exc.db") >= MIN_EXCEPTION_KEYS
    summaries = {"c1": ["the cat sat on the mat"], "c2": ["a dog ran in the park today"]}
    refs = {"c1": ["the cat sat on the mat"], "c2": ["the dog ran in the big park"]}
    scores = {c.cluster_id: c.scores for c in perl_rouge(summaries, refs)}
    assert scores["c1"]["R-1"] == pytest.approx(100.0)
    # Without stop-word removal and on plain words, Perl R-1 recall equals rouge-score's recall.
    from rouge_score import rouge_scorer

    expected = rouge_scorer.RougeScorer(["rouge1"]).score(refs["c2"][0], summaries["c2"][0])["rouge1"].recall
    assert scores["c2"]["R-1"] == pytest.approx(expected * 100, abs=0.01)


def test_eval_cluster_type() -> None:
    assert EvalCluster("x", (), ("ref",)).refs == ("ref",)

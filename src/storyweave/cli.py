"""The ``storyweave`` command: thin wrappers over the library.

Exit status: 0 on success; 1 when nothing could be done (no usable input,
bad option); 3 when the brief was written but some input was skipped.
"""

from __future__ import annotations

import argparse
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

from storyweave.errors import ConfigError, StoryweaveError

EXIT_OK = 0
EXIT_ERROR = 1
EXIT_USAGE = 2
EXIT_SKIPPED = 3


def build_parser() -> argparse.ArgumentParser:
    from storyweave import __version__
    from storyweave.summarize import DEFAULT_METHOD, methods

    parser = argparse.ArgumentParser(
        prog="storyweave", description="Many outlets, one story: cited briefs from raw news articles."
    )
    parser.add_argument("--version", action="version", version=f"storyweave {__version__}")
    parser.add_argument("-v", "--verbose", action="count", default=0, help="more log output")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    brief = commands.add_parser(
        "brief",
        help="write the brief of one story told by some articles",
        description="Read articles (files, folders, globs of .txt, .html, .jsonl) about one event "
        "and write a brief whose summary cites its sources.",
    )
    brief.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    brief.add_argument("--format", "-f", choices=["markdown", "json", "html"], default="markdown")
    budget = brief.add_mutually_exclusive_group()
    budget.add_argument("--words", type=int, help="summary budget in words (default 100)")
    budget.add_argument("--bytes", type=int, help="summary budget in bytes (UTF-8)")
    budget.add_argument("--sentences", type=int, help="summary budget in sentences")
    brief.add_argument("--method", default=DEFAULT_METHOD, choices=methods(), help="summarization method")
    brief.add_argument(
        "--outlet", action="append", default=[], metavar="FILE=NAME",
        help="name the outlet of a file (by path, file name or stem); repeatable",
    )
    brief.add_argument("--no-analysis", action="store_true",
                       help="summary and sources only: no claims, conflicts, quotes, entities or timeline")
    brief.add_argument("--no-embeddings", action="store_true",
                       help="align claims on words alone even when the embed extra is installed")
    brief.add_argument("-o", "--output", type=Path, help="write to this file instead of the terminal")
    brief.set_defaults(handler=_run_brief)
    _add_eval(commands)
    return parser


def _add_eval(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    evaluate = commands.add_parser("eval", help="measure quality on labelled data")
    tasks = evaluate.add_subparsers(dest="task", required=True, metavar="TASK")
    summ = tasks.add_parser(
        "summarize",
        help="score summarization methods and baselines with ROUGE",
        description="Run storyweave's methods and baselines on summarization clusters (cluster JSONL or a "
        "DUC-layout folder), score them with ROUGE and time them.",
    )
    summ.add_argument("--data", required=True, type=Path, help="cluster JSONL file or DUC-layout folder")
    summ.add_argument("--method", default="concepts,lead,sumy-lexrank",
                      help="comma-separated methods and baselines (default: concepts,lead,sumy-lexrank)")
    summ.add_argument("--words", type=int, default=100, help="summary budget in words (default 100)")
    summ.add_argument("--scorer", choices=["perl", "rouge-score"], default="perl",
                      help="perl: ROUGE-1.5.5 recall, DUC settings; rouge-score: F1 with stemming")
    summ.add_argument("--save-summaries", type=Path, metavar="DIR", help="write DIR/<method>/<cluster>.txt")
    summ.add_argument("--json", action="store_true", help="print the full report (with per-cluster scores) as JSON")
    summ.add_argument("--limit", type=int, help="only the first N clusters (for a quick look)")
    summ.set_defaults(handler=_run_eval_summarize)
    ana = tasks.add_parser(
        "analysis",
        help="score the cross-source analysis against a gold file, or run it on many clusters",
        description="With --gold: precision and recall of each analysis section of the brief of PATH... "
        "against a hand-annotated gold file. With --data: run the analysis on every cluster of a cluster "
        "JSONL file or DUC-layout folder and report what each section found, and how long it took.",
    )
    ana.add_argument("paths", nargs="*", metavar="PATH", help="the story's articles (with --gold)")
    source = ana.add_mutually_exclusive_group(required=True)
    source.add_argument("--gold", type=Path, help="gold file (see examples/kolvik-mine-rescue/gold.json)")
    source.add_argument("--data", type=Path, help="cluster JSONL file or DUC-layout folder")
    ana.add_argument("--no-embeddings", action="store_true", help="align claims on words alone")
    ana.add_argument("--json", action="store_true", help="print the report as JSON")
    ana.add_argument("--limit", type=int, help="only the first N clusters (with --data)")
    ana.set_defaults(handler=_run_eval_analysis)


def _run_eval_analysis(args: argparse.Namespace) -> int:
    import json

    from storyweave.evaluate.analysis import format_scores, run_on_clusters, score_file

    if args.gold:
        if not args.paths:
            raise ConfigError("eval analysis --gold needs the PATHs of the story's articles")
        scores = score_file(args.paths, args.gold, embeddings=not args.no_embeddings)
        if args.json:
            table = {k: {"precision": v.precision, "recall": v.recall, "f1": v.f1, "right": v.right,
                         "predicted": v.predicted, "found": v.found, "gold": v.gold} for k, v in scores.items()}
            sys.stdout.write(json.dumps(table, indent=2) + "\n")
        else:
            sys.stdout.write(format_scores(scores) + "\n")
        return EXIT_OK
    from storyweave.evaluate import load_clusters

    clusters = load_clusters(args.data)[: args.limit]
    report = run_on_clusters(clusters, embeddings=not args.no_embeddings, progress=sys.stderr.isatty())
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(report["table"] + "\n")
    return EXIT_OK


def _run_eval_summarize(args: argparse.Namespace) -> int:
    import json

    from storyweave.evaluate import evaluate_summaries, format_table, load_clusters

    clusters = load_clusters(args.data)[: args.limit]
    names = [n.strip() for n in args.method.split(",") if n.strip()]
    report = evaluate_summaries(
        clusters, names, words=args.words, scorer=args.scorer, save_dir=args.save_summaries,
        progress=sys.stderr.isatty(),
    )
    report["data"] = str(args.data)
    if args.json:
        sys.stdout.write(json.dumps(report, indent=2) + "\n")
    else:
        sys.stdout.write(
            f"{report['clusters']} clusters, {args.words} words, {report['measure']}, mean [95% bootstrap interval]\n\n"
            + format_table(report) + "\n"
        )
    return EXIT_OK


def parse_outlets(pairs: Sequence[str]) -> dict[str, str]:
    outlets: dict[str, str] = {}
    for pair in pairs:
        key, sep, name = pair.partition("=")
        if not sep or not key.strip() or not name.strip():
            raise ConfigError(f"--outlet needs FILE=NAME, got {pair!r}")
        outlets[key.strip()] = name.strip()
    return outlets


def _run_brief(args: argparse.Namespace) -> int:
    from storyweave.pipeline import brief
    from storyweave.render import render

    result = brief(
        args.paths,
        words=args.words,
        bytes=args.bytes,
        sentences=args.sentences,
        method=args.method,
        outlets=parse_outlets(args.outlet),
        analysis=not args.no_analysis,
        embeddings=not args.no_embeddings,
    )
    text = render(result, args.format)
    if args.output:
        args.output.write_text(text, encoding="utf-8")
        _say(f"wrote {args.output} ({len(result.articles)} articles, {len(result.summary)} summary sentences)")
    else:
        sys.stdout.write(text)
    for skipped in result.skipped:
        _say(f"skipped {skipped.source}: {skipped.reason}")
    if result.skipped:
        _say(f"{len(result.skipped)} input(s) skipped; the brief uses the other {len(result.articles)}")
        return EXIT_SKIPPED
    return EXIT_OK


def _say(message: str) -> None:
    print(f"storyweave: {message}", file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    level = logging.ERROR if args.verbose == 0 else logging.INFO if args.verbose == 1 else logging.DEBUG
    logging.basicConfig(level=level, format="storyweave: %(levelname)s: %(message)s")
    try:
        return int(args.handler(args))
    except StoryweaveError as exc:
        _say(f"error: {exc}")
        return EXIT_ERROR
    except BrokenPipeError:  # e.g. piped into head
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())

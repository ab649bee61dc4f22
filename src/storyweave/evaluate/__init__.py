"""Evaluation: data loaders, ROUGE scorers, baselines and the summarization benchmark.

Needs the ``eval`` extra: ``pip install 'storyweave[eval]'`` (and Debian's
``libxml-parser-perl`` for the Perl scorer).
"""

from storyweave.evaluate.data import EvalCluster, load_clusters
from storyweave.evaluate.summaries import evaluate_summaries, format_table

__all__ = ["EvalCluster", "evaluate_summaries", "format_table", "load_clusters"]

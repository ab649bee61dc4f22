"""The reference baseline for story clustering: plain tf-idf, cosine, offline average-link
clustering, its distance threshold swept on the same data (so its best score is optimistic:
tuned on the data it is scored on). Prints the best BCubed F1 and its threshold per label.

    python benchmarks/cluster_baseline.py ../shared/datasets/ecbplus-dev.jsonl event topic
    python benchmarks/cluster_baseline.py ../shared/datasets/wikiref220.jsonl label
"""

from __future__ import annotations

import json
import sys

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform
from sklearn.feature_extraction.text import TfidfVectorizer

from storyweave.evaluate.cluster import bcubed


def average_link_tree(texts: list[str]) -> np.ndarray:
    """The baseline's tree: sublinear tf-idf with English stop words, cosine distance, average link."""
    vectors = TfidfVectorizer(sublinear_tf=True, stop_words="english").fit_transform(texts)
    distance = np.clip(1.0 - (vectors @ vectors.T).toarray(), 0.0, None)
    np.fill_diagonal(distance, 0.0)
    return np.asarray(linkage(squareform((distance + distance.T) / 2, checks=False), "average"))


def main() -> None:
    path, fields = sys.argv[1], sys.argv[2:]
    with open(path, encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle if line.strip()]
    tree = average_link_tree([f"{r.get('title') or ''} {r['text']}" for r in rows])
    for field in fields:
        gold = [str(r[field]) for r in rows]
        best = max(
            (bcubed(list(fcluster(tree, t, "distance")), gold).f1, t) for t in np.arange(0.30, 1.0, 0.01)
        )
        print(f"{path} {field}: tf-idf average-link best BCubed F1 {best[0]:.3f} at distance {best[1]:.2f}")


if __name__ == "__main__":
    main()

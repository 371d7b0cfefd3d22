"""Readable cluster labels (class-based TF-IDF terms) and representative answers."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from sklearn.feature_extraction.text import CountVectorizer


def _terms_of(tokens: list[str]) -> list[str]:
    return tokens + [f"{a} {b}" for a, b in zip(tokens, tokens[1:], strict=False)]


def cluster_terms(
    content: Sequence[list[str]], labels: np.ndarray, n_terms: int = 5
) -> dict[int, list[str]]:
    """Top terms of each cluster by class-based TF-IDF (as in BERTopic's c-TF-IDF).

    Each cluster is one document; a term's weight is its frequency in the cluster times
    ``log(1 + mean words per cluster / frequency of the term in all clusters)``, so words
    shared by every cluster ("app", "need") sink and words peculiar to a cluster rise.

    Parameters
    ----------
    content : sequence of list of str
        Content tokens (stop words removed) of each answer.
    labels : ndarray of int
        Cluster of each answer; negative labels are ignored.
    n_terms : int, default=5
        Terms per cluster.

    Returns
    -------
    dict of int to list of str
    """
    clusters = sorted(int(c) for c in np.unique(labels) if c >= 0)
    documents = [
        [term for i in np.flatnonzero(labels == c) for term in _terms_of(content[int(i)])]
        for c in clusters
    ]
    if not any(documents):
        return {c: [] for c in clusters}
    counts = CountVectorizer(analyzer=lambda terms: terms).fit(documents)
    matrix = counts.transform(documents).toarray().astype(float)
    frequency = matrix / np.maximum(matrix.sum(axis=1, keepdims=True), 1.0)
    idf = np.log1p(matrix.sum(axis=1).mean() / np.maximum(matrix.sum(axis=0), 1.0))
    weights = frequency * idf
    vocabulary = counts.get_feature_names_out()
    return {
        c: [str(vocabulary[j]) for j in np.argsort(-weights[row])[:n_terms] if weights[row, j] > 0]
        for row, c in enumerate(clusters)
    }


def representative_answers(
    features: np.ndarray, labels: np.ndarray, texts: Sequence[str], n_quotes: int = 3
) -> dict[int, list[str]]:
    """The ``n_quotes`` distinct answers closest (cosine) to each cluster's centroid."""
    quotes: dict[int, list[str]] = {}
    for c in sorted(int(c) for c in np.unique(labels) if c >= 0):
        members = np.flatnonzero(labels == c)
        centroid = features[members].mean(axis=0)
        order = members[np.argsort(-(features[members] @ centroid), kind="stable")]
        chosen: list[str] = []
        for i in order:
            text = str(texts[i]).strip()
            if text and text not in chosen:
                chosen.append(text)
            if len(chosen) == n_quotes:
                break
        quotes[c] = chosen
    return quotes

"""Partitioning answer vectors into k groups, numbered by decreasing size."""

from __future__ import annotations

import numpy as np
from scipy.sparse.csgraph import connected_components
from sklearn.cluster import AgglomerativeClustering, KMeans, SpectralClustering
from sklearn.neighbors import kneighbors_graph


def _fit_labels(
    features: np.ndarray, k: int, algorithm: str, n_neighbors: int, seed: int, n_init: int = 10
) -> np.ndarray:
    if algorithm == "kmeans":
        return np.asarray(KMeans(k, n_init=n_init, random_state=seed).fit_predict(features))
    if algorithm == "agglomerative":
        return np.asarray(AgglomerativeClustering(k).fit_predict(features))
    # more neighbours than half an expected group links groups together on small inputs
    neighbours = min(n_neighbors, max(5, len(features) // (2 * k)), len(features) - 1)
    graph = kneighbors_graph(features, neighbours, include_self=False)
    if connected_components(graph, directed=False)[0] > 1:
        # a disconnected graph (many identical answers) has no usable spectral embedding
        return np.asarray(KMeans(k, n_init=10, random_state=seed).fit_predict(features))
    spectral = SpectralClustering(
        k, affinity="precomputed", assign_labels="cluster_qr", random_state=seed
    )
    return np.asarray(spectral.fit_predict(0.5 * (graph + graph.T)))


def _by_size(labels: np.ndarray) -> np.ndarray:
    sizes = np.bincount(labels)
    order = np.argsort(-sizes, kind="stable")
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    renumbered = rank[labels]
    # drop ids of empty groups so that ids run 0..n_clusters-1
    return np.unique(renumbered, return_inverse=True)[1]


def partition(
    features: np.ndarray,
    k: int,
    algorithm: str,
    *,
    n_neighbors: int = 15,
    max_graph_answers: int = 20000,
    n_init: int = 10,
    random_state: int = 0,
) -> np.ndarray:
    """Cluster unit vectors into ``k`` groups; ids 0, 1, ... by decreasing size.

    ``n_init`` is the number of k-means starts (the best is kept). Graph-based algorithms
    (spectral, agglomerative) scale quadratically or worse, so above ``max_graph_answers``
    they run on a seeded sample and the remaining answers join the group with the nearest
    centroid (cosine).
    """
    n = len(features)
    if k == 1:
        return np.zeros(n, dtype=int)
    if algorithm == "kmeans" or n <= max_graph_answers:
        return _by_size(_fit_labels(features, k, algorithm, n_neighbors, random_state, n_init))
    rng = np.random.default_rng(random_state)
    sample = np.sort(rng.choice(n, max_graph_answers, replace=False))
    sample_labels = _fit_labels(features[sample], k, algorithm, n_neighbors, random_state)
    centroids = np.vstack([features[sample[sample_labels == c]].mean(axis=0) for c in range(k)])
    labels = np.argmax(features @ centroids.T, axis=1)
    labels[sample] = sample_labels
    return _by_size(labels)

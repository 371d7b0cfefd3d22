"""Louvain community detection (Blondel et al. 2008) with a resolution, on a sparse graph."""

from __future__ import annotations

import numpy as np
import scipy.sparse as sp


def modularity(graph: sp.spmatrix, labels: np.ndarray, resolution: float = 1.0) -> float:
    """Newman's modularity of ``labels`` on a symmetric weighted graph, with a resolution."""
    graph = sp.csr_matrix(graph)
    degrees = np.asarray(graph.sum(axis=1)).ravel()
    total = degrees.sum()
    rows, columns = graph.nonzero()
    inside = np.asarray(graph[rows, columns]).ravel()[labels[rows] == labels[columns]].sum()
    volumes = np.bincount(labels, weights=degrees)
    return float(inside / total - resolution * np.sum((volumes / total) ** 2))


def _best_community(
    graph: sp.csr_matrix, node: int, labels: np.ndarray, volumes: np.ndarray, scale: float
) -> int:
    """The neighbouring community (or the node's own) where ``node`` adds most modularity.

    ``volumes`` are the communities' total degrees without the node; ``scale`` is the
    resolution over the graph's total degree.
    """
    start, stop = graph.indptr[node], graph.indptr[node + 1]
    neighbours, weights = graph.indices[start:stop], graph.data[start:stop]
    others = neighbours != node
    communities, where = np.unique(labels[neighbours[others]], return_inverse=True)
    links = np.bincount(where, weights=weights[others], minlength=len(communities))
    degree = weights.sum()
    own = labels[node]
    stay = links[communities == own].sum() - scale * volumes[own] * degree
    gains = links - scale * volumes[communities] * degree
    if len(gains) == 0 or gains.max() <= stay + 1e-12:
        return int(own)
    return int(communities[np.argmax(gains)])


def _move_nodes(
    graph: sp.csr_matrix, resolution: float, rng: np.random.Generator
) -> tuple[np.ndarray, bool]:
    """Local moving: nodes join the neighbouring community of largest gain until none moves."""
    degrees = np.asarray(graph.sum(axis=1)).ravel()
    scale = resolution / degrees.sum()
    labels = np.arange(graph.shape[0])
    volumes = degrees.copy()
    moved_any, moved = False, True
    while moved:
        moved = False
        for node in rng.permutation(graph.shape[0]):
            volumes[labels[node]] -= degrees[node]  # the node leaves its community
            target = _best_community(graph, node, labels, volumes, scale)
            volumes[target] += degrees[node]
            if target != labels[node]:
                labels[node], moved, moved_any = target, True, True
    return np.unique(labels, return_inverse=True)[1], moved_any


def louvain(graph: sp.spmatrix, *, resolution: float = 1.0, random_state: int = 0) -> np.ndarray:
    """Communities of a symmetric weighted graph that (locally) maximise modularity.

    Nodes are moved to the neighbouring community with the largest modularity gain, in a
    seeded random order, until none moves; the communities then become the nodes of a
    smaller graph, and so on until nothing moves.

    Parameters
    ----------
    graph : sparse matrix of shape (n_nodes, n_nodes)
        Symmetric, non-negative edge weights.
    resolution : float, default=1.0
        Larger values give more, smaller communities.
    random_state : int, default=0
        Seed of the node order.

    Returns
    -------
    ndarray of shape (n_nodes,)
        Community of each node, numbered from 0.
    """
    rng = np.random.default_rng(random_state)
    current = sp.csr_matrix(graph, dtype=np.float64)
    labels = np.arange(current.shape[0])
    while True:
        level, moved = _move_nodes(current, resolution, rng)
        if not moved:
            return np.unique(labels, return_inverse=True)[1]
        labels = level[labels]
        members = sp.csr_matrix(
            (np.ones(len(level)), (np.arange(len(level)), level)),
            shape=(len(level), level.max() + 1),
        )
        current = sp.csr_matrix(members.T @ current @ members)

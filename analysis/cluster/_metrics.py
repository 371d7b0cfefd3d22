"""Accuracy of a clustering against reference labels, after the best one-to-one matching."""

from __future__ import annotations

from collections.abc import Sequence

from scipy.optimize import linear_sum_assignment
from sklearn.metrics.cluster import contingency_matrix


def clustering_accuracy(labels_true: Sequence[object], labels_pred: Sequence[object]) -> float:
    """Share of answers whose cluster maps to their true class (Hungarian matching).

    Parameters
    ----------
    labels_true, labels_pred : sequence
        Reference classes and predicted clusters, same length.

    Returns
    -------
    float
        In [0, 1]; clusters left without a class after matching count as wrong.
    """
    if len(labels_true) != len(labels_pred):
        raise ValueError(f"got {len(labels_true)} true labels and {len(labels_pred)} predicted")
    if len(labels_true) == 0:
        raise ValueError("cannot score an empty clustering")
    table = contingency_matrix(labels_true, labels_pred)
    rows, columns = linear_sum_assignment(-table)
    return float(table[rows, columns].sum() / table.sum())

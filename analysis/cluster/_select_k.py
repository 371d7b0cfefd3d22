"""Choosing the number of clusters: the most parsimonious k with a near-best silhouette."""

from __future__ import annotations

import numpy as np
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

from .._validation import check_float, check_int


def choose_n_clusters(
    features: np.ndarray,
    k_range: tuple[int, int],
    *,
    tolerance: float = 0.9,
    n_candidates: int = 24,
    sample_size: int = 4000,
    random_state: int = 0,
) -> tuple[int, dict[int, float]]:
    """Pick the smallest k whose silhouette (median over neighbouring k) nears the best.

    On short texts the silhouette keeps rising slowly with k (many small, tight groups), so
    its maximum over-splits: on banking77's training split it lands at 110–150 for 77
    intents. Taking the smallest k within 10 % of the best follows the one-standard-error
    habit of model selection and, tuned on the training split only, lands near 77. Each
    candidate is judged by the median of its own and its neighbours' silhouettes, so that a
    single lucky k-means start does not decide; a silhouette peak that stands out of that
    median by more than the tolerance (well separated groups) is chosen outright.

    Parameters
    ----------
    features : ndarray of shape (n_answers, n_dimensions)
        Unit-length answer vectors.
    k_range : tuple of int
        Smallest and largest k to consider (inclusive).
    tolerance : float, default=0.9
        Share of the best silhouette a candidate must reach.
    n_candidates : int, default=24
        Candidates, spaced geometrically over ``k_range``.
    sample_size : int, default=4000
        Answers used to fit and score each candidate (a seeded sample for large inputs).
    random_state : int, default=0
        Seed of the sample and of k-means.

    Returns
    -------
    k : int
        The chosen number of clusters.
    scores : dict of int to float
        Silhouette of each candidate.
    """
    low, high = (
        check_int("k_range[0]", k_range[0], minimum=2),
        check_int("k_range[1]", k_range[1]),
    )
    if high < low:
        raise ValueError(f"k_range must be increasing, got {k_range}")
    check_float("tolerance", tolerance, low=0.0, high=1.0, inclusive=False)
    check_int("n_candidates", n_candidates, minimum=1)
    rng = np.random.default_rng(random_state)
    if len(features) > sample_size:
        features = features[rng.choice(len(features), sample_size, replace=False)]
    high = min(high, len(features) - 1)
    if high < low:
        raise ValueError(f"{len(features)} answers are too few for k_range {k_range}")
    candidates = np.unique(np.round(np.geomspace(low, high, n_candidates)).astype(int))
    scores = {}
    for k in candidates:
        labels = KMeans(int(k), n_init=1, random_state=random_state).fit_predict(features)
        scores[int(k)] = float(silhouette_score(features, labels, random_state=random_state))
    # One k-means start per candidate makes the curve jagged: each candidate is judged by the
    # running median over its neighbours, so one lucky start cannot decide. A peak standing
    # out of that median by more than the tolerance is real structure and wins outright.
    values = np.array(list(scores.values()))
    smoothed = np.array([np.median(values[max(0, i - 1) : i + 2]) for i in range(len(values))])
    if tolerance * values.max() > smoothed.max():
        return int(candidates[np.argmax(values)]), scores
    qualifies = smoothed >= tolerance * smoothed.max()
    return int(candidates[np.argmax(qualifies)]), scores

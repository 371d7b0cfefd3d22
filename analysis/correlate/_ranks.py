"""Rank statistics for one rating against one outcome: Spearman with bootstrap CI, Mann–Whitney."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import mannwhitneyu, rankdata, spearmanr

from .._validation import check_float, check_int


@dataclass(frozen=True)
class SpearmanResult:
    """Spearman's rho, its percentile-bootstrap CI and the t-approximation p-value."""

    rho: float
    ci: tuple[float, float]
    p_value: float


@dataclass(frozen=True)
class MannWhitneyResult:
    """U of the group with outcome 1, rank-biserial correlation and two-sided p-value."""

    u: float
    rank_biserial: float
    p_value: float


def _paired(x: ArrayLike, y: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    a, b = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    if a.shape != b.shape or a.ndim != 1:
        raise ValueError(f"x {a.shape} and y {b.shape} must be 1-d and of equal length")
    keep = np.isfinite(a) & np.isfinite(b)
    return a[keep], b[keep]


def spearman_test(
    x: ArrayLike,
    y: ArrayLike,
    *,
    n_boot: int = 2000,
    confidence: float = 0.95,
    random_state: int = 0,
) -> SpearmanResult:
    """Spearman's rank correlation of the complete pairs of ``x`` and ``y``.

    Parameters
    ----------
    x, y : array-like of float
        Paired values; pairs with a missing value are dropped.
    n_boot : int, default=2000
        Bootstrap resamples for the percentile confidence interval.
    confidence : float, default=0.95
    random_state : int, default=0
        Seed of the resampling.

    Returns
    -------
    SpearmanResult
        NaN everywhere when fewer than three pairs remain or one side is constant.
    """
    check_int("n_boot", n_boot, minimum=100)
    check_float("confidence", confidence, low=0.0, high=1.0, inclusive=False)
    a, b = _paired(x, y)
    if len(a) < 3 or np.ptp(a) == 0 or np.ptp(b) == 0:
        return SpearmanResult(float("nan"), (float("nan"), float("nan")), float("nan"))
    result = spearmanr(a, b)
    rng = np.random.default_rng(random_state)
    picks = rng.integers(0, len(a), size=(n_boot, len(a)))
    ra, rb = rankdata(a[picks], axis=1), rankdata(b[picks], axis=1)
    ra -= ra.mean(axis=1, keepdims=True)
    rb -= rb.mean(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        rhos = (ra * rb).sum(axis=1) / np.sqrt((ra**2).sum(axis=1) * (rb**2).sum(axis=1))
    tail = (1 - confidence) / 2 * 100
    low, high = np.nanpercentile(rhos, [tail, 100 - tail])
    return SpearmanResult(float(result.statistic), (float(low), float(high)), float(result.pvalue))


def mann_whitney_test(ratings: ArrayLike, outcome: ArrayLike) -> MannWhitneyResult:
    """Compare ratings of accounts with outcome 1 against those with outcome 0.

    Uses SciPy's defaults (as R's ``wilcox.test``): exact for small samples without ties,
    otherwise the normal approximation with tie and continuity correction. The
    rank-biserial correlation is ``2 U / (n1 n0) − 1``: positive when outcome-1 accounts
    rate higher.
    """
    a, b = _paired(ratings, outcome)
    if not np.isin(b, (0.0, 1.0)).all():
        raise ValueError("the outcome of a Mann–Whitney test must be 0/1")
    with_outcome, without = a[b == 1], a[b == 0]
    if len(with_outcome) == 0 or len(without) == 0:
        return MannWhitneyResult(float("nan"), float("nan"), float("nan"))
    result = mannwhitneyu(with_outcome, without, alternative="two-sided")
    u = float(result.statistic)
    return MannWhitneyResult(
        u, 2 * u / (len(with_outcome) * len(without)) - 1, float(result.pvalue)
    )

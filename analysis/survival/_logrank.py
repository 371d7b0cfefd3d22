"""Log-rank test between two or more groups, and pairwise with a multiplicity correction."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike
from scipy.stats import chi2

from .._validation import check_choice
from ._kaplan_meier import check_survival_data

CORRECTIONS = ("holm", "bonferroni", "fdr_bh", "none")


@dataclass(frozen=True)
class LogRankResult:
    """Chi-square statistic with ``df`` = groups − 1 degrees of freedom, and its p-value."""

    statistic: float
    df: int
    p_value: float


def logrank_test(durations: ArrayLike, events: ArrayLike, groups: ArrayLike) -> LogRankResult:
    """Test whether the groups share one survival curve (Mantel's log-rank, k groups).

    Parameters
    ----------
    durations, events : array-like
        As for :func:`kaplan_meier`.
    groups : array-like
        Group of each subject; at least two distinct values.

    Returns
    -------
    LogRankResult
    """
    times, observed = check_survival_data(durations, events)
    labels = np.asarray(groups)
    if labels.shape != times.shape:
        raise ValueError(f"groups {labels.shape} must match durations {times.shape}")
    names, member = np.unique(labels, return_inverse=True)
    if len(names) < 2:
        raise ValueError(f"the log-rank test needs at least two groups, got {list(names)}")
    event_times = np.unique(times[observed])
    n_tg = np.empty((len(event_times), len(names)))
    d_tg = np.empty_like(n_tg)
    for g in range(len(names)):
        in_group = np.sort(times[member == g])
        n_tg[:, g] = len(in_group) - np.searchsorted(in_group, event_times, side="left")
        group_events = np.sort(times[(member == g) & observed])
        d_tg[:, g] = np.searchsorted(group_events, event_times, side="right") - np.searchsorted(
            group_events, event_times, side="left"
        )
    n_t, d_t = n_tg.sum(axis=1), d_tg.sum(axis=1)
    expected = (n_tg * (d_t / n_t)[:, None]).sum(axis=0)
    share = n_tg / n_t[:, None]
    factor = np.where(n_t > 1, d_t * (n_t - d_t) / np.maximum(n_t - 1, 1), 0.0)
    variance = np.einsum("t,tg,gh->gh", factor, share, np.eye(len(names))) - np.einsum(
        "t,tg,th->gh", factor, share, share
    )
    difference = (d_tg.sum(axis=0) - expected)[:-1]
    statistic = float(difference @ np.linalg.pinv(variance[:-1, :-1]) @ difference)
    df = len(names) - 1
    return LogRankResult(statistic, df, float(chi2.sf(statistic, df)))


def adjust_p_values(p_values: ArrayLike, method: str = "holm") -> np.ndarray:
    """Adjust p-values for multiple tests: Holm, Bonferroni, Benjamini–Hochberg or none."""
    check_choice("method", method, CORRECTIONS)
    p = np.asarray(p_values, dtype=float)
    m = len(p)
    if m == 0 or method == "none":
        return p.copy()
    if method == "bonferroni":
        return np.minimum(p * m, 1.0)
    order = np.argsort(p)
    if method == "holm":
        stepped = np.maximum.accumulate((m - np.arange(m)) * p[order])
    else:
        stepped = np.minimum.accumulate((m / np.arange(1, m + 1) * p[order])[::-1])[::-1]
    adjusted = np.empty(m)
    adjusted[order] = np.minimum(stepped, 1.0)
    return adjusted


def pairwise_logrank(
    durations: ArrayLike, events: ArrayLike, groups: ArrayLike, *, correction: str = "holm"
) -> pd.DataFrame:
    """Log-rank test for every pair of groups, with p-values adjusted across the pairs.

    Returns
    -------
    pandas.DataFrame
        Columns ``group_a``, ``group_b``, ``statistic``, ``p_value``, ``p_adjusted``.
    """
    check_choice("correction", correction, CORRECTIONS)
    times, observed = check_survival_data(durations, events)
    labels = np.asarray(groups)
    rows = []
    for a, b in combinations(np.unique(labels).tolist(), 2):
        mask = np.isin(labels, [a, b])
        result = logrank_test(times[mask], observed[mask], labels[mask])
        rows.append(
            {"group_a": a, "group_b": b, "statistic": result.statistic, "p_value": result.p_value}
        )
    table = pd.DataFrame(rows, columns=["group_a", "group_b", "statistic", "p_value"])
    table["p_adjusted"] = adjust_p_values(table["p_value"].to_numpy(), correction)
    return table

"""Survival summaries in plain data: medians, intervals, S(t) at chosen days, log-rank."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

import numpy as np
from numpy.typing import ArrayLike

from ._kaplan_meier import check_survival_data, kaplan_meier
from ._logrank import logrank_test, pairwise_logrank


def _finite_or_none(value: float) -> float | None:
    return None if math.isinf(value) or math.isnan(value) else float(value)


def _describe(times: np.ndarray, observed: np.ndarray, at: Sequence[float]) -> dict[str, Any]:
    curve = kaplan_meier(times, observed)
    low, high = curve.median_ci()
    return {
        "n": curve.n,
        "events": curve.n_events,
        "median": _finite_or_none(curve.median()),
        "median_ci": [_finite_or_none(low), _finite_or_none(high)],
        "survival_at": {f"{day:g}": curve.survival_at(day) for day in at},
    }


def survival_summary(
    durations: ArrayLike,
    events: ArrayLike,
    groups: ArrayLike | None = None,
    *,
    at: Sequence[float] = (30, 60, 90),
    correction: str = "holm",
) -> dict[str, Any]:
    """Summarise time to an event overall and per group, ready to write as JSON.

    Parameters
    ----------
    durations, events : array-like
        As for :func:`kaplan_meier`.
    groups : array-like, optional
        Group of each subject (segment, answer cluster); missing values form no group.
    at : sequence of float, default=(30, 60, 90)
        Days at which S(t) is reported; the share that reached the event by then is 1 − S(t).
    correction : str, default="holm"
        Correction of the pairwise log-rank p-values.

    Returns
    -------
    dict
        ``groups``: ``overall`` and each group with ``n``, ``events``, ``median`` (None if
        not reached), ``median_ci``, ``survival_at``; with two or more groups also
        ``logrank`` (``statistic``, ``df``, ``p_value``) and ``pairwise``.
    """
    if any(not np.isfinite(day) or day < 0 for day in at):
        raise ValueError(f"at must hold non-negative days, got {list(at)}")
    times, observed = check_survival_data(durations, events)
    summary: dict[str, Any] = {"groups": {"overall": _describe(times, observed, at)}}
    if groups is None:
        return summary
    labels = np.asarray(groups, dtype=object)
    known = np.array([label is not None and label == label for label in labels], dtype=bool)
    names = sorted({str(label) for label in labels[known]})
    labels = np.where(known, labels.astype(str), "")
    for name in names:
        mask = labels == name
        summary["groups"][name] = _describe(times[mask], observed[mask], at)
    if len(names) >= 2:
        result = logrank_test(times[known], observed[known], labels[known])
        summary["logrank"] = {
            "statistic": result.statistic,
            "df": result.df,
            "p_value": result.p_value,
        }
        pairs = pairwise_logrank(
            times[known], observed[known], labels[known], correction=correction
        )
        summary["pairwise"] = pairs.to_dict(orient="records")
    return summary

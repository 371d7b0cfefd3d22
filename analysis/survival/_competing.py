"""Cumulative incidence under competing risks (Aalen–Johansen), e.g. value versus churn."""

from __future__ import annotations

import numpy as np
import pandas as pd
from numpy.typing import ArrayLike


def cumulative_incidence(durations: ArrayLike, outcomes: ArrayLike, cause: int = 1) -> pd.DataFrame:
    """Estimate P(event of ``cause`` by t) when other events compete with it.

    Treating churn before value as plain censoring pretends churned customers could still
    reach value later, and so overstates the chance of reaching it; the Aalen–Johansen
    estimator counts them as never reaching it.

    Parameters
    ----------
    durations : array-like of float
        Time to the first event of any kind, or to censoring.
    outcomes : array-like of int
        0 for censored, otherwise the code of the event that happened (e.g. 1 = first
        value, 2 = churned before value).
    cause : int, default=1
        Event code whose cumulative incidence is estimated.

    Returns
    -------
    pandas.DataFrame
        Indexed by ``timeline`` (0 and every distinct time), column ``cumulative_incidence``.
    """
    times = np.asarray(durations, dtype=float)
    codes = np.asarray(outcomes)
    if times.ndim != 1 or times.shape != codes.shape or len(times) == 0:
        raise ValueError("durations and outcomes must be non-empty 1-d arrays of equal length")
    if not np.isfinite(times).all() or (times < 0).any():
        raise ValueError("durations must be finite and non-negative")
    if not np.issubdtype(codes.dtype, np.integer) or (codes < 0).any():
        raise ValueError("outcomes must be non-negative integer codes (0 = censored)")
    if cause <= 0:
        raise ValueError(f"cause must be a positive event code, got {cause}")
    timeline = np.unique(np.concatenate([[0.0], times]))
    index = np.searchsorted(timeline, times)
    any_event = np.bincount(index, weights=codes > 0, minlength=len(timeline))
    of_cause = np.bincount(index, weights=codes == cause, minlength=len(timeline))
    leaving = np.bincount(index, minlength=len(timeline))
    at_risk = len(times) - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        hazard_all = np.where(at_risk > 0, any_event / at_risk, 0.0)
        hazard_cause = np.where(at_risk > 0, of_cause / at_risk, 0.0)
    event_free_before = np.concatenate([[1.0], np.cumprod(1.0 - hazard_all)[:-1]])
    incidence = np.cumsum(event_free_before * hazard_cause)
    return pd.DataFrame(
        {"cumulative_incidence": incidence}, index=pd.Index(timeline, name="timeline")
    )

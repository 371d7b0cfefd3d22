"""Kaplan–Meier estimate with exponential-Greenwood (log–log) confidence bands."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike
from scipy.stats import norm

from .._validation import check_float


def check_survival_data(durations: ArrayLike, events: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Return durations as floats and events as booleans, or raise ValueError."""
    times = np.asarray(durations, dtype=float)
    observed = np.asarray(events)
    if times.ndim != 1 or times.shape != observed.shape:
        raise ValueError(
            f"durations {times.shape} and events {observed.shape} must be 1-d and equal"
        )
    if len(times) == 0:
        raise ValueError("no subjects: durations is empty")
    if not np.isfinite(times).all() or (times < 0).any():
        raise ValueError("durations must be finite and non-negative")
    if not np.isin(observed, (0, 1, True, False)).all():
        raise ValueError("events must be 0/1 or booleans")
    return times, observed.astype(bool)


def _first_time_at_or_below(timeline: np.ndarray, curve: np.ndarray, level: float) -> float:
    below = np.flatnonzero(curve <= level)
    return float(timeline[below[0]]) if len(below) else float("inf")


@dataclass(frozen=True)
class KaplanMeierCurve:
    """A fitted Kaplan–Meier curve S(t) = P(no event by t).

    ``timeline`` starts at 0 and holds every distinct observed time; the arrays beside it
    give the value just after each time. ``lower``/``upper`` are the pointwise bands.
    """

    timeline: np.ndarray
    survival: np.ndarray
    lower: np.ndarray
    upper: np.ndarray
    at_risk: np.ndarray
    n: int
    n_events: int

    def survival_at(self, time: float) -> float:
        """S(``time``): the curve is right-continuous and flat between observed times."""
        return float(self.survival[np.searchsorted(self.timeline, time, side="right") - 1])

    def median(self) -> float:
        """First time S(t) ≤ 0.5; ``inf`` when fewer than half ever have the event."""
        return _first_time_at_or_below(self.timeline, self.survival, 0.5)

    def median_ci(self) -> tuple[float, float]:
        """Times at which the lower and the upper band reach 0.5 (``inf`` if never)."""
        return (
            _first_time_at_or_below(self.timeline, self.lower, 0.5),
            _first_time_at_or_below(self.timeline, self.upper, 0.5),
        )


def kaplan_meier(
    durations: ArrayLike, events: ArrayLike, *, alpha: float = 0.05
) -> KaplanMeierCurve:
    """Fit the Kaplan–Meier estimator to right-censored times.

    Parameters
    ----------
    durations : array-like of float
        Time from the start to the event or to censoring (days, for TTFV).
    events : array-like of bool
        True where the event (first value) was observed, False where censored.
    alpha : float, default=0.05
        1 − confidence level of the bands (exponential Greenwood, as lifelines and R's
        ``survfit(conf.type="log-log")``).

    Returns
    -------
    KaplanMeierCurve
    """
    check_float("alpha", alpha, low=0.0, high=1.0, inclusive=False)
    times, observed = check_survival_data(durations, events)
    timeline = np.unique(np.concatenate([[0.0], times]))
    index = np.searchsorted(timeline, times)
    deaths = np.bincount(index, weights=observed, minlength=len(timeline))
    leaving = np.bincount(index, minlength=len(timeline))
    at_risk = len(times) - np.concatenate([[0], np.cumsum(leaving)[:-1]])
    with np.errstate(divide="ignore", invalid="ignore"):
        survival = np.cumprod(1.0 - deaths / at_risk)
        greenwood = np.cumsum(
            np.where(at_risk > deaths, deaths / (at_risk * (at_risk - deaths)), 0.0)
        )
        log_s = np.log(survival)
        z = norm.ppf(1 - alpha / 2)
        spread = z * np.sqrt(greenwood) / log_s
        lower = np.exp(-np.exp(np.log(-log_s) - spread))
        upper = np.exp(-np.exp(np.log(-log_s) + spread))
    lower = np.where(np.isnan(lower), 1.0, lower)
    upper = np.where(np.isnan(upper), 1.0, upper)
    return KaplanMeierCurve(
        timeline, survival, lower, upper, at_risk.astype(int), len(times), int(observed.sum())
    )

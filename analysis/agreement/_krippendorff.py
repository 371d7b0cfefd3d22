"""Krippendorff's alpha from the coincidence matrix: nominal, ordinal, interval, ratio."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_choice
from ._data import clean_codings, unit_counts

LEVELS = ("nominal", "ordinal", "interval", "ratio")


def _distances(values: np.ndarray, totals: np.ndarray, level: str) -> np.ndarray:
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    numbers = values.astype(float)
    if level == "interval":
        return np.subtract.outer(numbers, numbers) ** 2
    if level == "ratio":
        sums = np.add.outer(numbers, numbers)
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.nan_to_num((np.subtract.outer(numbers, numbers) / sums) ** 2)
    # ordinal: the distance between ranks g <= h is the mass of the values from g to h,
    # less half of each end, squared (the expression is antisymmetric, its square is not)
    cumulative = np.cumsum(totals)
    mass = np.subtract.outer(cumulative, cumulative).T + np.subtract.outer(totals, totals) / 2
    return np.asarray(mass**2)


def krippendorff_alpha(
    frame: pd.DataFrame,
    *,
    unit: str = "unit",
    coder: str = "coder",
    code: str = "code",
    level: str = "nominal",
) -> float:
    """Krippendorff's alpha for any number of coders, with missing codings.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per coding.
    unit, coder, code : str
        Column names.
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Metric of the codes; the last three need codes that sort (and, for interval and
        ratio, numbers).

    Returns
    -------
    float
        1 is perfect agreement, 0 agreement at chance; NaN without variation to judge.

    References
    ----------
    Krippendorff, K. (2011). Computing Krippendorff's alpha-reliability.
    """
    check_choice("level", level, LEVELS)
    codings = clean_codings(frame, unit, coder, code)
    if level in ("interval", "ratio") and not pd.api.types.is_numeric_dtype(codings["code"]):
        raise ValueError(f"{level} alpha needs numeric codes in column {code!r}")
    counts, values = unit_counts(codings)
    if counts.size == 0:
        return float("nan")
    pairs = counts.sum(axis=1)
    coincidence = (counts / (pairs - 1)[:, None]).T @ counts
    coincidence -= np.diag((counts / (pairs - 1)[:, None]).sum(axis=0))
    totals = coincidence.sum(axis=1)
    n = totals.sum()
    delta = _distances(values, totals, level)
    expected = (np.outer(totals, totals) * delta).sum()
    if expected == 0:
        return float("nan")
    return float(1.0 - (n - 1) * (coincidence * delta).sum() / expected)

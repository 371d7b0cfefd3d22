"""Percent agreement, Cohen's kappa per pair of coders and Fleiss' kappa."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pandas as pd
from nltk.metrics.agreement import AnnotationTask

from ._data import clean_codings, unit_counts


def percent_agreement(
    frame: pd.DataFrame, *, unit: str = "unit", coder: str = "coder", code: str = "code"
) -> float:
    """Share of agreeing pairs of codings within a unit, averaged over units coded twice or more."""
    counts, _ = unit_counts(clean_codings(frame, unit, coder, code))
    if counts.size == 0:
        return float("nan")
    m = counts.sum(axis=1)
    return float(np.mean((counts * (counts - 1)).sum(axis=1) / (m * (m - 1))))


def fleiss_kappa(
    frame: pd.DataFrame, *, unit: str = "unit", coder: str = "coder", code: str = "code"
) -> float:
    """Fleiss' (1971) kappa; units may have different numbers of codings (at least two).

    With a constant number of codings per unit this is exactly Fleiss' statistic; with
    varying numbers, each unit's agreement is averaged and category shares are pooled
    over all codings.
    """
    counts, _ = unit_counts(clean_codings(frame, unit, coder, code))
    if counts.size == 0:
        return float("nan")
    m = counts.sum(axis=1)
    observed = np.mean((counts * (counts - 1)).sum(axis=1) / (m * (m - 1)))
    shares = counts.sum(axis=0) / m.sum()
    chance = float((shares**2).sum())
    return float("nan") if chance == 1 else float((observed - chance) / (1 - chance))


def cohen_kappas(
    frame: pd.DataFrame, *, unit: str = "unit", coder: str = "coder", code: str = "code"
) -> dict[str, float]:
    """Cohen's kappa of every pair of coders over the units both coded, keyed ``"A|B"``.

    Computed with :class:`nltk.metrics.agreement.AnnotationTask` (its ``kappa_pairwise``
    is Cohen's kappa with each coder's own marginal distribution).
    """
    codings = clean_codings(frame, unit, coder, code)
    kappas = {}
    for first, second in combinations(sorted(codings["coder"].unique(), key=str), 2):
        pair = codings[codings["coder"].isin([first, second])]
        shared = pair.groupby("unit")["coder"].transform("size") == 2
        pair = pair[shared]
        if pair.empty:
            continue
        task = AnnotationTask(
            data=[(str(c), str(u), str(v)) for u, c, v in pair.itertuples(index=False)]
        )
        try:
            kappa = float(task.kappa_pairwise(str(first), str(second)))
        except ZeroDivisionError:  # both coders used a single, identical code
            kappa = float("nan")
        kappas[f"{first}|{second}"] = kappa
    return kappas

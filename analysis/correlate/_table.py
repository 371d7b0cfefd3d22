"""The perceived-value table: every rating against every outcome, adjusted for multiplicity."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from .._validation import check_columns, check_float, check_int
from ..survival import adjust_p_values
from ._ranks import mann_whitney_test, spearman_test

COLUMNS = [
    "rating",
    "outcome",
    "n",
    "spearman_rho",
    "spearman_ci",
    "spearman_p",
    "mannwhitney_u",
    "rank_biserial",
    "mannwhitney_p",
    "p_adjusted",
    "warning",
    "sentence",
]


def _is_binary(values: pd.Series) -> bool:
    present = pd.to_numeric(values, errors="coerce").dropna()
    return len(present) > 0 and bool(present.isin([0, 1]).all())


def _sentence(row: dict[str, object], alpha: float) -> str | None:
    p = row["p_adjusted"]
    if not isinstance(p, float) or not p < alpha:
        return None
    rating, outcome = row["rating"], row["outcome"]
    if row["rank_biserial"] is not None:
        direction = "higher" if float(row["rank_biserial"]) > 0 else "lower"  # type: ignore[arg-type]
        return (
            f"Accounts that reached {outcome} rated {rating} {direction} than those that did "
            f"not (rank-biserial {row['rank_biserial']:.2f}, adjusted p = {p:.3g}, n = {row['n']})."
        )
    direction = "longer" if float(row["spearman_rho"]) > 0 else "shorter"  # type: ignore[arg-type]
    return (
        f"Higher {rating} goes with {direction} {outcome} (Spearman rho {row['spearman_rho']:.2f}, "
        f"adjusted p = {p:.3g}, n = {row['n']})."
    )


def correlate_value(
    frame: pd.DataFrame,
    ratings: Sequence[str],
    outcomes: Sequence[str],
    *,
    n_boot: int = 2000,
    alpha: float = 0.05,
    min_n: int = 20,
    random_state: int = 0,
) -> pd.DataFrame:
    """Test each perceived-value rating against each measured outcome.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per account (or respondent) with rating and outcome columns.
    ratings : sequence of str
        Rating columns: value achieved, perceived quality, perceived price, their ratio, NPS.
    outcomes : sequence of str
        Outcome columns; 0/1 columns (reached first value, a milestone) also get a
        Mann–Whitney test, others (TTFV among those who reached it) Spearman only.
    n_boot : int, default=2000
        Bootstrap resamples of the Spearman confidence interval.
    alpha : float, default=0.05
        Level under which an adjusted p-value earns a plain-language sentence.
    min_n : int, default=20
        Below this many complete pairs the row carries a warning.
    random_state : int, default=0

    Returns
    -------
    pandas.DataFrame
        One row per (rating, outcome), columns :data:`COLUMNS`. ``p_adjusted`` is the
        Benjamini–Hochberg adjustment across the whole table of each row's main p-value
        (Mann–Whitney for 0/1 outcomes, Spearman otherwise).
    """
    if not ratings or not outcomes:
        raise ValueError("give at least one rating column and one outcome column")
    check_columns(frame, [*ratings, *outcomes], "the input")
    check_int("min_n", min_n, minimum=3)
    check_float("alpha", alpha, low=0.0, high=1.0, inclusive=False)
    rows = []
    for rating in ratings:
        x = pd.to_numeric(frame[rating], errors="coerce")
        for outcome in outcomes:
            y = pd.to_numeric(frame[outcome], errors="coerce")
            n = int((x.notna() & y.notna()).sum())
            spearman = spearman_test(x, y, n_boot=n_boot, random_state=random_state)
            row: dict[str, object] = {
                "rating": rating,
                "outcome": outcome,
                "n": n,
                "spearman_rho": spearman.rho,
                "spearman_ci": list(spearman.ci),
                "spearman_p": spearman.p_value,
                "mannwhitney_u": None,
                "rank_biserial": None,
                "mannwhitney_p": None,
                "warning": f"only {n} complete pairs (< {min_n}): read with care"
                if n < min_n
                else None,
            }
            if _is_binary(frame[outcome]):
                mw = mann_whitney_test(x, y)
                row.update(
                    mannwhitney_u=mw.u, rank_biserial=mw.rank_biserial, mannwhitney_p=mw.p_value
                )
            rows.append(row)
    main = np.array(
        [r["mannwhitney_p"] if r["mannwhitney_p"] is not None else r["spearman_p"] for r in rows],
        dtype=float,
    )
    adjusted = np.full(len(rows), np.nan)
    finite = np.isfinite(main)
    adjusted[finite] = adjust_p_values(main[finite], "fdr_bh")
    for row, p in zip(rows, adjusted, strict=True):
        row["p_adjusted"] = float(p)
        row["sentence"] = _sentence(row, alpha)
    return pd.DataFrame(rows, columns=COLUMNS)

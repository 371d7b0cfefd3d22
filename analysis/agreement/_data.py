"""Codings in long form (unit, coder, code) checked and arranged for agreement statistics."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._validation import check_columns


def clean_codings(frame: pd.DataFrame, unit: str, coder: str, code: str) -> pd.DataFrame:
    """Return the codings with a code, as columns ``unit``, ``coder``, ``code``.

    A missing code is never a category: such rows are dropped. A coder coding one unit
    twice is an error (agreement statistics assume one value per coder and unit).
    """
    check_columns(frame, [unit, coder, code], "the codings")
    codings = frame[[unit, coder, code]].dropna()
    codings.columns = pd.Index(["unit", "coder", "code"])
    twice = codings.duplicated(["unit", "coder"])
    if twice.any():
        first = codings[twice].iloc[0]
        raise ValueError(f"coder {first['coder']!r} coded unit {first['unit']!r} more than once")
    return codings.reset_index(drop=True)


def unit_counts(codings: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Units × categories count matrix over units coded at least twice, and the categories.

    Units coded by a single coder carry no information about agreement and are dropped.
    """
    pairable = codings.groupby("unit")["coder"].transform("size") >= 2
    table = pd.crosstab(codings.loc[pairable, "unit"], codings.loc[pairable, "code"])
    return table.to_numpy(dtype=float), table.columns.to_numpy()

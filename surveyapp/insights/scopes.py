"""Selections of accounts for the overview: by segment, plan and start-month cohort."""

from __future__ import annotations

from urllib.parse import urlencode

import pandas as pd

#: A selection: dimension -> value; a missing or empty dimension means "any".
Scope = dict[str, str]
DIMENSIONS = ("segment", "plan", "cohort")


def clean_scope(values: dict[str, str | None]) -> Scope:
    return {name: str(values[name]) for name in DIMENSIONS if values.get(name)}


def scope_key(scope: Scope) -> str:
    """The cache key of a selection ("" for all accounts), the same whatever the order."""
    return urlencode(sorted(clean_scope(dict(scope)).items()))


def in_scope(frame: pd.DataFrame, scope: Scope) -> pd.Series:
    """Which rows of ``frame`` (with the dimension columns) belong to the selection."""
    mask = pd.Series(True, index=frame.index)
    for name, value in clean_scope(dict(scope)).items():
        mask &= frame[name].astype(str) == value
    return mask


def standard_scopes(accounts: pd.DataFrame) -> list[Scope]:
    """All accounts, and each single segment, plan and cohort: computed on every refresh."""
    scopes: list[Scope] = [{}]
    for name in DIMENSIONS:
        values = sorted(str(v) for v in accounts[name].dropna().unique())
        scopes.extend({name: value} for value in values)
    return scopes

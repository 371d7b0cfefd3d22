"""Per-account time to first value, with the reason each unfinished account is censored."""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np
import pandas as pd

from .._validation import check_columns

STILL_WAITING = "still waiting"
OBSERVATION_ENDED = "observation ended"
CHURNED = "churned before value"
OUTCOME_CODES = {"censored": 0, "first value": 1, "churned": 2}
_DAY = pd.Timedelta(days=1)


def _utc(values: pd.Series, what: str) -> pd.Series:
    try:
        return pd.Series(pd.to_datetime(values, utc=True), index=values.index)
    except (ValueError, TypeError) as error:
        raise ValueError(f"{what} holds a value that is not a date: {error}") from error


def first_value_table(
    accounts: pd.DataFrame,
    events: pd.DataFrame,
    first_value_milestones: Iterable[str],
    as_of: str | pd.Timestamp,
) -> pd.DataFrame:
    """Time to first value of every account that had started by ``as_of``.

    Parameters
    ----------
    accounts : pandas.DataFrame
        ``account_id``, ``start_at`` (when the value clock starts) and optionally
        ``segment``, ``observed_until`` (end of the data for this account) and ``churned_at``.
    events : pandas.DataFrame
        Milestone events: ``account_id``, ``milestone`` (key), ``occurred_at``.
    first_value_milestones : iterable of str
        Keys of the milestones that count as first value.
    as_of : str or Timestamp
        Date of the analysis; later events are not known yet.

    Returns
    -------
    pandas.DataFrame
        The account columns plus ``first_value_at``, ``ttfv_days`` (to first value, or to
        censoring), ``reached`` (bool), ``censored`` (bool), ``censor_reason`` ("still
        waiting", "observation ended", "churned before value" or None) and ``outcome``
        (1 first value, 2 churned before value, 0 censored: the input of
        :func:`analysis.survival.cumulative_incidence`).
    """
    check_columns(accounts, ["account_id", "start_at"], "accounts")
    check_columns(events, ["account_id", "milestone", "occurred_at"], "events")
    keys = set(first_value_milestones)
    if not keys:
        raise ValueError("no milestone counts as first value: give at least one key")
    if accounts["account_id"].duplicated().any():
        raise ValueError("accounts has duplicate account_id values")
    as_of_at = _utc(pd.Series([as_of]), "as_of").iloc[0]
    table = accounts.copy()
    table["start_at"] = _utc(table["start_at"], "accounts.start_at")
    table = table[table["start_at"] <= as_of_at].reset_index(drop=True)
    end = pd.Series(as_of_at, index=table.index)
    for column in ("observed_until", "churned_at"):
        table[column] = (
            _utc(table[column], f"accounts.{column}")
            if column in table
            else pd.Series(pd.NaT, index=table.index, dtype="datetime64[ns, UTC]")
        )
    end = end.where(
        table["observed_until"].isna() | (table["observed_until"] >= as_of_at),
        table["observed_until"],
    )
    value_events = events.loc[events["milestone"].isin(keys), ["account_id", "occurred_at"]]
    occurred = _utc(value_events["occurred_at"], "events.occurred_at")
    first = occurred.groupby(value_events["account_id"].to_numpy()).min()
    table["first_value_at"] = table["account_id"].map(first)
    known = table["first_value_at"] <= end
    churned_first = table["churned_at"].notna() & (table["churned_at"] < table["first_value_at"])
    reached = known & ~churned_first
    table.loc[~reached, "first_value_at"] = pd.NaT
    churned = ~reached & table["churned_at"].notna() & (table["churned_at"] <= end)
    stopped = np.where(
        reached, table["first_value_at"], np.where(churned, table["churned_at"], end)
    )
    table["ttfv_days"] = ((pd.to_datetime(stopped, utc=True) - table["start_at"]) / _DAY).clip(
        lower=0
    )
    table["reached"] = reached.to_numpy()
    table["censored"] = ~table["reached"]
    ended = end < as_of_at
    table["censor_reason"] = np.select(
        [reached, churned, ended], ["", CHURNED, OBSERVATION_ENDED], default=STILL_WAITING
    )
    table["censor_reason"] = table["censor_reason"].replace("", None)
    table["outcome"] = np.select([reached, churned], [1, 2], default=0)
    return table

"""Per-account value facts from the data frames: first value, timeframe, health moments."""

from __future__ import annotations

from datetime import datetime

import numpy as np
import pandas as pd

from analysis.ttfv import first_value_table
from surveyapp.insights.frames import ValueFrames
from surveyapp.insights.health import APPROACHING, BENCHMARK_DAYS

_DAY = pd.Timedelta(days=1)


def time_to_value(frames: ValueFrames, now: datetime) -> pd.DataFrame:
    """analysis.ttfv.first_value_table of the accounts whose value clock has started, with
    each account's expected days (stated, or the benchmark) and where that came from."""
    started = frames.accounts[frames.accounts["start_at"].notna()]
    table = first_value_table(started, frames.events, frames.first_value_keys, as_of=now)
    table["stated"] = table["expected_days"].notna()
    table["expected_days"] = table["expected_days"].fillna(BENCHMARK_DAYS)
    return table


def account_facts(frames: ValueFrames, now: datetime) -> pd.DataFrame:
    """One row per account with the AccountInsight columns (NaT/NaN where unknown).

    An account still waiting turns yellow at ``APPROACHING`` of its timeframe and red once
    the timeframe has passed; one that reached value late stays yellow; on time, green. An
    account that has churned (before or after first value) gets no yellow or red moment: it
    is "churned", not at risk any more.
    """
    table = time_to_value(frames, now)
    start, expected = table["start_at"], table["expected_days"] * _DAY
    churned = table["churned_at"].notna() & (table["churned_at"] <= now)
    waiting = ~table["reached"] & ~churned
    late = table["reached"] & (table["ttfv_days"] > table["expected_days"]) & ~churned
    table["yellow_from"] = (start + APPROACHING * expected).where(waiting)
    table.loc[late, "yellow_from"] = table.loc[late, "first_value_at"]
    table["red_from"] = (start + expected).where(waiting)
    table["churned_at"] = table["churned_at"].where(churned)
    moments = ["first_value_at", "yellow_from", "red_from", "churned_at"]
    facts = frames.accounts[["account_id", "expected_days", "expected_outcome"]].merge(
        table[["account_id", *moments]], on="account_id", how="left"
    )
    for column in moments:
        facts[column] = pd.to_datetime(facts[column], utc=True)
    facts["health_known"] = facts["account_id"].isin(table["account_id"])
    return facts


def records(facts: pd.DataFrame) -> list[dict[str, object]]:
    """Rows ready to insert: NaN and NaT as None, numpy numbers as Python numbers."""
    clean = facts.astype(object).where(facts.notna(), None)
    rows = clean.to_dict("records")
    for row in rows:
        for name, value in row.items():
            if isinstance(value, pd.Timestamp):
                row[name] = value.floor("us").to_pydatetime()
            elif isinstance(value, np.generic):
                row[name] = value.item()
    return rows

"""Per-account tables built from the database for `analyze survival|ttfv|correlate`: what a
researcher would otherwise export to CSV first (each command can write it with --output)."""

from __future__ import annotations

from datetime import datetime

import pandas as pd

from analysis.ttfv import first_value_table
from surveyapp.analyze.sources import ACCOUNT_COLUMNS, account_data, milestones_reached
from surveyapp.insights.themes import find_themes

#: What `--group-by` accepts when reading the database.
GROUPS = ("segment", "plan", "cohort", "cluster")
#: Group of an account with no value in the group column (or no theme in its answer).
NO_GROUP = "none"
#: Perceived-value ratings of the correlation table (latest answer per account).
RATINGS = ["value_achieved", "perceived_quality", "perceived_price", "value_ratio", "nps"]
#: Outcomes before the per-milestone columns (0/1, named by the milestone key).
FIRST_VALUE_OUTCOMES = ["first_value", "days_to_first_value"]


def ttfv_rows(
    as_of: datetime, group_by: str | None = None, *, seed: int = 0, ratings: bool = False
) -> pd.DataFrame:
    """analysis.ttfv.first_value_table of the instance's accounts; with ``group_by``, that
    column filled (``cluster``: the theme of the account's expected outcome); with
    ``ratings``, the accounts' latest ratings too."""
    data = account_data(as_of)
    accounts = data.accounts
    columns = list(ACCOUNT_COLUMNS)
    if group_by == "cluster":
        themes = find_themes(accounts, random_state=seed)
        accounts = accounts.assign(cluster=accounts["account_id"].map(themes.labels))
        accounts["cluster"] = accounts["cluster"].map(_theme_name)
        columns.append("cluster")
    elif group_by:
        accounts[group_by] = accounts[group_by].fillna(NO_GROUP).astype(str)
    extra = [c for c in RATINGS if c in accounts] if ratings else []
    return first_value_table(
        accounts[columns + extra], data.events, data.first_value_keys, as_of=as_of
    )


def _theme_name(label: object) -> str:
    return NO_GROUP if pd.isna(label) else str(int(label))  # type: ignore[call-overload]


def survival_rows(table: pd.DataFrame, group_by: str | None) -> pd.DataFrame:
    """The columns of a survival CSV: the account, its group, ttfv_days and reached (0/1)."""
    columns = [*ACCOUNT_COLUMNS, *([group_by] if group_by == "cluster" else [])]
    return table[[*columns, "ttfv_days", "censor_reason"]].assign(
        reached=table["reached"].astype(int)
    )


def value_rows(as_of: datetime) -> tuple[pd.DataFrame, list[str]]:
    """Per started account: the ratings (with quality/price as ``value_ratio``), whether
    (``first_value``, 0/1) and when it reached first value, and per defined milestone
    whether it reached it (0/1, a column named by the key); and the outcome columns."""
    table = ttfv_rows(as_of, ratings=True)
    for rating in RATINGS:
        if rating not in table:
            table[rating] = float("nan")
    table["value_ratio"] = table["perceived_quality"] / table["perceived_price"]
    table["first_value"] = table["reached"].astype(int)
    table["days_to_first_value"] = table["ttfv_days"].where(table["reached"])
    frame = table[[*ACCOUNT_COLUMNS, *RATINGS, *FIRST_VALUE_OUTCOMES]]
    reached = milestones_reached(table["account_id"], as_of, taken=set(frame.columns))
    return pd.concat([frame, reached], axis=1), [*FIRST_VALUE_OUTCOMES, *reached.columns]

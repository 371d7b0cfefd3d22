"""The overview of one selection of accounts, as plain data to cache and draw.

Numbers only: the words around them are written at display time in the viewer's language.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pandas as pd

from analysis.correlate import correlate_value
from analysis.survival import cumulative_incidence, kaplan_meier
from analysis.ttfv import ttfv_summary
from surveyapp.insights.frames import RATING_COLUMNS, ValueFrames
from surveyapp.insights.scopes import Scope, in_scope
from surveyapp.insights.themes import Themes, themes_section

DAYS = (30, 60, 90)
#: The curve is drawn day by day up to this day at most.
LAST_DAY = 365
TIMEFRAME_BUCKETS = (30, 60, 90)
RATINGS = [*RATING_COLUMNS.values(), "value_ratio"]
OUTCOMES = ["reached_first_value", "days_to_first_value"]


def overview_payload(
    frames: ValueFrames, table: pd.DataFrame, themes: Themes, scope: Scope
) -> dict[str, Any]:
    """Every overview section for the accounts of ``scope``."""
    accounts = frames.accounts[in_scope(frames.accounts, scope)]
    timed = table[in_scope(table, scope)]
    invitations = frames.invitations[frames.invitations["account_id"].isin(accounts["account_id"])]
    return {
        "scope": scope,
        "accounts": len(accounts),
        "started": len(timed),
        "ttfv": ttfv_section(timed),
        "churn": churn_section(timed),
        "themes": themes_section(timed, accounts, themes),
        "timeframes": timeframe_section(timed),
        "responses": response_section(invitations),
        "correlations": correlation_section(timed),
    }


def ttfv_section(table: pd.DataFrame) -> dict[str, Any] | None:
    """Kaplan–Meier of time to first value: median, share by day 30/60/90, the curve."""
    if table.empty:
        return None
    overall = ttfv_summary(table, at=DAYS)["groups"]["overall"]
    curve = kaplan_meier(table["ttfv_days"], table["reached"])
    last = min(LAST_DAY, math.ceil(float(table["ttfv_days"].max())))
    days = np.arange(0, last + 1)
    at = np.searchsorted(curve.timeline, days, side="right") - 1
    points = np.column_stack(
        [days, 1 - curve.survival[at], 1 - curve.upper[at], 1 - curve.lower[at]]
    )
    return {
        "n": overall["n"],
        "reached": overall["events"],
        "median": overall["median"],
        "median_ci": overall["median_ci"],
        "reached_by": {day: 1 - share for day, share in overall["survival_at"].items()},
        "followed_days": float(table["ttfv_days"].max()),
        "curve": np.round(points, 4).tolist(),
    }


def churn_section(table: pd.DataFrame) -> dict[str, Any] | None:
    """Churn before first value as a competing risk, when some account churned before it.

    Kaplan–Meier (above) treats a churned account as if it might still reach value; the
    cumulative incidence (Aalen–Johansen) counts it as never reaching it. By day 30/60/90:
    the share that reached first value, the share that churned before it, and the rest.
    """
    if table.empty or not (table["outcome"] == 2).any():
        return None
    durations, outcomes = table["ttfv_days"].to_numpy(float), table["outcome"].to_numpy(int)
    value = cumulative_incidence(durations, outcomes, cause=1)["cumulative_incidence"]
    churn = cumulative_incidence(durations, outcomes, cause=2)["cumulative_incidence"]
    return {
        "n": len(table),
        "churned": int((table["outcome"] == 2).sum()),
        "by_day": {
            str(day): {"value": _by(value, day), "churned": _by(churn, day)} for day in DAYS
        },
    }


def _by(curve: pd.Series, day: float) -> float:
    """The step function ``curve`` (indexed by time, starting at 0) at ``day``."""
    return float(curve[curve.index <= day].iloc[-1])


def timeframe_section(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Stated timeframes (grouped 30/60/90/longer, and none stated) against what happened."""
    stated = table["expected_days"].where(table["stated"])
    limits = [*TIMEFRAME_BUCKETS, math.inf]
    names = [str(limit) for limit in TIMEFRAME_BUCKETS] + ["longer"]
    bucket = (
        pd.cut(stated, [0, *limits], labels=names).astype(object).where(table["stated"], "none")
    )
    rows = []
    for name in [*names, "none"]:
        part = table[bucket == name]
        if part.empty:
            continue
        within = part["ttfv_days"] <= part["expected_days"]
        rows.append(
            {
                "bucket": name,
                "n": len(part),
                "on_time": int((part["reached"] & within).sum()),
                "late": int((part["reached"] & ~within).sum()),
                "waiting_within": int((~part["reached"] & within).sum()),
                "waiting_past": int((~part["reached"] & ~within).sum()),
                "median_actual": _median(part),
            }
        )
    return rows


def response_section(invitations: pd.DataFrame) -> list[dict[str, Any]]:
    """Per survey (journey point): invited, opened, completed, and the response rate."""
    asked = invitations[~invitations["skipped"]]
    rows = []
    for survey_key, part in asked.groupby("survey_key"):
        invited = len(part)
        completed = int(part["completed"].sum())
        rows.append(
            {
                "survey": str(survey_key),
                "invited": invited,
                "sent": int(part["sent"].sum()),
                "opened": int(part["opened"].sum()),
                "completed": completed,
                "rate": completed / invited,
            }
        )
    return rows


def correlation_section(table: pd.DataFrame) -> list[dict[str, Any]]:
    """Each rating against reaching first value and against days to it (BH-adjusted)."""
    frame = table.assign(
        value_ratio=table["perceived_quality"] / table["perceived_price"],
        reached_first_value=table["reached"].astype(float),
        days_to_first_value=table["ttfv_days"].where(table["reached"]),
    )
    ratings = [name for name in RATINGS if frame[name].notna().sum() >= 3]
    if not ratings:
        return []
    result = correlate_value(frame, ratings, OUTCOMES, n_boot=1000)
    result = result.astype(object).where(result.notna(), None)
    keep = ["rating", "outcome", "n", "spearman_rho", "spearman_ci", "rank_biserial"]
    rows = result[[*keep, "p_adjusted", "warning"]].to_dict("records")
    for row in rows:
        row["spearman_ci"] = [_number(value) for value in row["spearman_ci"]]
        for name in ("spearman_rho", "rank_biserial", "p_adjusted"):
            row[name] = _number(row[name])
        row["n"] = int(row["n"])
        row["warning"] = row["warning"] is not None
    return rows


def _number(value: Any) -> float | None:
    return None if value is None or not math.isfinite(float(value)) else float(value)


def _median(table: pd.DataFrame) -> float | None:
    median = kaplan_meier(table["ttfv_days"], table["reached"]).median()
    return None if math.isinf(median) else float(median)

"""Time to first value, censoring reasons, expectation gap and health."""

import pandas as pd
import pytest

from analysis.health import assign_health, parse_timeframe_days
from analysis.ttfv import first_value_keys, first_value_table, ttfv_summary

ACCOUNTS = pd.DataFrame(
    {
        "account_id": ["a", "b", "c", "d", "e", "f"],
        "start_at": ["2025-01-01"] * 5 + ["2025-07-01"],
        "observed_until": [None, None, "2025-02-01", None, None, None],
        "churned_at": [None, "2025-01-20", None, "2025-03-01", None, None],
    }
)
EVENTS = pd.DataFrame(
    {
        "account_id": ["a", "a", "b", "c", "d", "e"],
        "milestone": [
            "first_value",
            "login",
            "first_value",
            "first_value",
            "first_value",
            "first_value",
        ],
        "occurred_at": [
            "2025-01-11",
            "2025-01-02",
            "2025-02-01",
            "2025-03-01",
            "2025-02-15",
            "2025-09-01",
        ],
    }
)


@pytest.fixture
def table() -> pd.DataFrame:
    return first_value_table(ACCOUNTS, EVENTS, ["first_value"], "2025-04-01")


def test_first_value_and_censoring_reasons(table):
    rows = table.set_index("account_id")
    assert list(rows.index) == ["a", "b", "c", "d", "e"]  # f starts after the as-of date
    assert rows.loc["a", "ttfv_days"] == 10 and rows.loc["a", "reached"]
    assert (
        rows.loc["b", "censor_reason"] == "churned before value"
        and rows.loc["b", "ttfv_days"] == 19
    )
    assert (
        rows.loc["c", "censor_reason"] == "observation ended" and rows.loc["c", "ttfv_days"] == 31
    )
    assert rows.loc["d", "reached"] and rows.loc["d", "ttfv_days"] == 45  # value came before churn
    assert rows.loc["e", "censor_reason"] == "still waiting" and rows.loc["e", "ttfv_days"] == 90
    assert list(rows["outcome"]) == [1, 2, 0, 1, 0]


def test_optional_account_columns_may_be_absent():
    table = first_value_table(
        ACCOUNTS[["account_id", "start_at"]], EVENTS, ["first_value"], "2025-04-01"
    )
    assert set(table["censor_reason"].dropna()) == {"still waiting"}
    assert "competing_risks" not in ttfv_summary(table)


def test_summary_reports_competing_risks_when_churn_known(table):
    summary = ttfv_summary(table)
    assert summary["groups"]["overall"]["events"] == 2
    assert "competing_risks" in summary
    assert summary["competing_risks"]["overall"]["reached_by"]["30"] == pytest.approx(0.2)


def test_milestone_definitions():
    keys = first_value_keys([{"key": "x"}, {"key": "y", "kind": "customer", "first_value": True}])
    assert keys == ["y"]
    with pytest.raises(ValueError, match="first_value: true"):
        first_value_keys([{"key": "x"}])
    with pytest.raises(ValueError, match="#2"):
        first_value_keys([{"key": "x"}, {"name": "y"}])


@pytest.mark.parametrize(
    ("answer", "days"),
    [
        ("60 days", 60),
        ("within 3 months", 90),
        ("2 tygodnie", 14),
        ("۹۰ روز", 90),
        ("90", 90),
        ("3 meses", 90),
        ("no idea", None),
        (None, None),
        (45, 45),
    ],
)
def test_parse_timeframe(answer, days):
    assert parse_timeframe_days(answer) == days


def test_health_statuses_and_reasons(table):
    table["expected_days"] = [30, 60, 20, 30, None]
    health = assign_health(table, benchmark_days=60).set_index("account_id")
    assert (
        health.loc["a", "status"] == "green"
        and "within the 30 days they expected" in health.loc["a", "reason"]
    )
    assert health.loc["b", "status"] == "red" and "churned" in health.loc["b", "reason"]
    assert health.loc["c", "status"] == "red"  # 31 days waiting, 20 expected
    assert health.loc["d", "status"] == "yellow" and "15 days later" in health.loc["d", "reason"]
    assert health.loc["e", "status"] == "red" and "benchmark" in health.loc["e", "reason"]
    table["expected_days"] = [30, 60, 35, 30, 100]
    health = assign_health(table, approaching=0.8).set_index("account_id")
    assert health.loc["c", "status"] == "yellow"  # day 31 of 35: past 80 %
    assert health.loc["e", "status"] == "yellow"  # day 90 of 100
    with pytest.raises(ValueError, match="approaching"):
        assign_health(table, approaching=1.5)


def test_planted_segment_medians_are_recovered(study):
    table = first_value_table(
        study.accounts, study.events, first_value_keys(study.milestones), study.as_of
    )
    summary = ttfv_summary(table, group_by="segment")
    for segment, planted in study.truth["segment_median_days"].items():
        low, high = summary["groups"][segment]["median_ci"]
        assert 0.75 * planted < summary["groups"][segment]["median"] < 1.25 * planted
        assert low < summary["groups"][segment]["median"] < (high or float("inf"))
    assert summary["logrank"]["p_value"] < 1e-10 and summary["logrank"]["df"] == 2

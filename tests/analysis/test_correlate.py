"""Correlation table against scipy, and the planted link in the demo data."""

import numpy as np
import pandas as pd
import pytest
from scipy.stats import mannwhitneyu, spearmanr

from analysis.correlate import correlate_value, mann_whitney_test, spearman_test
from analysis.ttfv import first_value_keys, first_value_table


def test_spearman_matches_scipy_and_ci_covers_rho():
    rng = np.random.default_rng(0)
    x = rng.integers(1, 8, 120)
    y = x + rng.normal(0, 3, 120)
    result = spearman_test(x, y, random_state=1)
    expected = spearmanr(x, y)
    assert result.rho == pytest.approx(expected.statistic)
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.ci[0] < result.rho < result.ci[1]
    assert result == spearman_test(x, y, random_state=1)  # seeded


def test_mann_whitney_matches_scipy_with_ties():
    ratings = np.array([3, 4, 4, 5, 6, 6, 7, 2, 3, 3, 4, 5, 1, 2])
    outcome = np.array([1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0])
    result = mann_whitney_test(ratings, outcome)
    expected = mannwhitneyu(ratings[outcome == 1], ratings[outcome == 0], alternative="two-sided")
    assert result.u == expected.statistic
    assert result.p_value == pytest.approx(expected.pvalue)
    assert result.rank_biserial == pytest.approx(2 * expected.statistic / 49 - 1)


def test_table_flags_small_samples_and_adjusts():
    frame = pd.DataFrame(
        {"r": [1, 2, 3, 4, 5, 6], "o": [0, 0, 1, 0, 1, 1], "t": [5, 3, 4, 2, 1, 0]}
    )
    table = correlate_value(frame, ["r"], ["o", "t"], n_boot=200)
    assert table["warning"].notna().all()
    assert pd.isna(table.loc[1, "mannwhitney_u"])
    assert (table["p_adjusted"] >= table[["spearman_p"]].min(axis=1) - 1e-12).all()
    with pytest.raises(ValueError, match="no column"):
        correlate_value(frame, ["missing"], ["o"])


def test_planted_value_link_is_found(study):
    table = first_value_table(
        study.accounts, study.events, first_value_keys(study.milestones), study.as_of
    )
    frame = table.merge(study.answers, on="account_id")
    frame["reached_value"] = frame["reached"].astype(int)
    result = correlate_value(
        frame, ["value_achieved", "perceived_price"], ["reached_value"], n_boot=500
    )
    planted, noise = result.iloc[0], result.iloc[1]
    assert planted["p_adjusted"] < 1e-6 and planted["rank_biserial"] > 0.3
    assert "rated value_achieved higher" in planted["sentence"]
    assert noise["p_adjusted"] > 0.01 and noise["sentence"] is None

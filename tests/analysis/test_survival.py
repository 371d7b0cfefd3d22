"""Kaplan–Meier, log-rank and cumulative incidence against lifelines on the Waltons data."""

import numpy as np
import pandas as pd
import pytest

from analysis.survival import (
    adjust_p_values,
    cumulative_incidence,
    kaplan_meier,
    logrank_test,
    pairwise_logrank,
    survival_summary,
)

lifelines = pytest.importorskip("lifelines")
from lifelines.datasets import load_waltons  # noqa: E402
from lifelines.statistics import multivariate_logrank_test, pairwise_logrank_test  # noqa: E402
from lifelines.utils import median_survival_times  # noqa: E402


@pytest.fixture(scope="module")
def waltons() -> pd.DataFrame:
    return load_waltons()


def test_kaplan_meier_matches_lifelines(waltons):
    reference = lifelines.KaplanMeierFitter().fit(waltons["T"], waltons["E"])
    curve = kaplan_meier(waltons["T"], waltons["E"])
    np.testing.assert_allclose(curve.timeline, reference.timeline)
    np.testing.assert_allclose(curve.survival, reference.survival_function_.iloc[:, 0], atol=1e-12)
    np.testing.assert_allclose(curve.lower, reference.confidence_interval_.iloc[:, 0], atol=1e-12)
    np.testing.assert_allclose(curve.upper, reference.confidence_interval_.iloc[:, 1], atol=1e-12)
    assert curve.median() == reference.median_survival_time_ == 56.0
    assert curve.median_ci() == tuple(median_survival_times(reference.confidence_interval_).iloc[0])


@pytest.mark.parametrize("group", ["control", "miR-137"])
def test_group_medians_match_lifelines(waltons, group):
    part = waltons[waltons["group"] == group]
    reference = lifelines.KaplanMeierFitter().fit(part["T"], part["E"])
    curve = kaplan_meier(part["T"], part["E"])
    assert curve.median() == reference.median_survival_time_
    assert curve.median_ci() == tuple(median_survival_times(reference.confidence_interval_).iloc[0])
    for day in (10, 30, 45.5, 60):
        assert curve.survival_at(day) == pytest.approx(reference.predict(day), abs=1e-12)


def test_logrank_matches_lifelines(waltons):
    reference = multivariate_logrank_test(waltons["T"], waltons["group"], waltons["E"])
    result = logrank_test(waltons["T"], waltons["E"], waltons["group"])
    assert result.df == 1
    assert result.statistic == pytest.approx(reference.test_statistic, rel=1e-10)
    assert result.p_value == pytest.approx(reference.p_value, rel=1e-8)


def test_three_group_logrank_and_pairwise_match_lifelines(waltons):
    rng = np.random.default_rng(1)
    groups = np.where(
        waltons["group"] == "control", "control", rng.choice(["a", "b"], len(waltons))
    )
    reference = multivariate_logrank_test(waltons["T"], groups, waltons["E"])
    result = logrank_test(waltons["T"], waltons["E"], groups)
    assert result.df == 2
    assert result.statistic == pytest.approx(reference.test_statistic, rel=1e-10)
    pairs = pairwise_logrank(waltons["T"], waltons["E"], groups, correction="none")
    expected = pairwise_logrank_test(waltons["T"], groups, waltons["E"]).summary
    for row in pairs.itertuples():
        assert row.statistic == pytest.approx(
            expected.loc[(row.group_a, row.group_b), "test_statistic"]
        )


def test_censoring_only_curve_has_no_median():
    curve = kaplan_meier([5, 8, 13], [0, 0, 0])
    assert curve.median() == float("inf")
    assert curve.survival_at(100) == 1.0


def test_cumulative_incidence_matches_lifelines_without_ties():
    rng = np.random.default_rng(3)
    durations = rng.permutation(np.arange(1.0, 201.0))  # distinct: lifelines jitters ties
    outcomes = rng.choice([0, 1, 2], size=200, p=[0.3, 0.5, 0.2])
    reference = lifelines.AalenJohansenFitter(calculate_variance=False).fit(
        durations, outcomes, event_of_interest=1
    )
    ours = cumulative_incidence(durations, outcomes, cause=1)
    expected = reference.cumulative_density_.iloc[:, 0]
    np.testing.assert_allclose(
        ours.loc[expected.index, "cumulative_incidence"], expected, atol=1e-12
    )


def test_competing_risk_is_below_one_minus_km_when_churn_competes():
    durations = np.array([2, 3, 4, 5, 6, 7, 8, 9.0])
    outcomes = np.array([2, 1, 2, 1, 0, 1, 2, 1])
    incidence = cumulative_incidence(durations, outcomes)["cumulative_incidence"].iloc[-1]
    naive = 1 - kaplan_meier(durations, outcomes == 1).survival[-1]
    assert incidence < naive
    assert incidence == pytest.approx(0.5 - 0.0, abs=0.2)


def test_adjust_p_values_against_scipy():
    from scipy.stats import false_discovery_control

    p = np.array([0.01, 0.04, 0.03, 0.5, 0.002])
    np.testing.assert_allclose(adjust_p_values(p, "fdr_bh"), false_discovery_control(p))
    np.testing.assert_allclose(adjust_p_values(p, "holm"), [0.04, 0.09, 0.09, 0.5, 0.01])


def test_summary_shape_and_validation(waltons):
    summary = survival_summary(waltons["T"], waltons["E"], waltons["group"], at=(30,))
    assert set(summary["groups"]) == {"overall", "control", "miR-137"}
    assert summary["logrank"]["df"] == 1
    assert (
        summary["groups"]["control"]["survival_at"]["30"]
        > summary["groups"]["miR-137"]["survival_at"]["30"]
    )
    with pytest.raises(ValueError, match="non-negative"):
        kaplan_meier([-1, 2], [1, 1])
    with pytest.raises(ValueError, match="0/1"):
        kaplan_meier([1, 2], [1, 3])

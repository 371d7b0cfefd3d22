"""Survival analysis for time to first value: Kaplan–Meier, log-rank, competing risks."""

from ._competing import cumulative_incidence
from ._kaplan_meier import KaplanMeierCurve, kaplan_meier
from ._logrank import CORRECTIONS, LogRankResult, adjust_p_values, logrank_test, pairwise_logrank
from ._summary import survival_summary

__all__ = [
    "CORRECTIONS",
    "KaplanMeierCurve",
    "LogRankResult",
    "adjust_p_values",
    "cumulative_incidence",
    "kaplan_meier",
    "logrank_test",
    "pairwise_logrank",
    "survival_summary",
]

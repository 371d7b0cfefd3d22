"""Perceived value (ratings) against measured milestones and time to first value."""

from ._ranks import MannWhitneyResult, SpearmanResult, mann_whitney_test, spearman_test
from ._table import COLUMNS, correlate_value

__all__ = [
    "COLUMNS",
    "MannWhitneyResult",
    "SpearmanResult",
    "correlate_value",
    "mann_whitney_test",
    "spearman_test",
]

"""Time to first value per account, censoring reasons and survival summaries."""

from ._first_value import (
    CHURNED,
    OBSERVATION_ENDED,
    OUTCOME_CODES,
    STILL_WAITING,
    first_value_table,
)
from ._milestones import first_value_keys
from ._summary import ttfv_summary

__all__ = [
    "CHURNED",
    "OBSERVATION_ENDED",
    "OUTCOME_CODES",
    "STILL_WAITING",
    "first_value_keys",
    "first_value_table",
    "ttfv_summary",
]

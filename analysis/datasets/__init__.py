"""Seeded demo data with planted truth (used by ``surveyapp demo`` and by the tests)."""

from ._value_study import LOCALES, MILESTONES, SEGMENTS, ValueStudy, make_value_study

__all__ = ["LOCALES", "MILESTONES", "SEGMENTS", "ValueStudy", "make_value_study"]

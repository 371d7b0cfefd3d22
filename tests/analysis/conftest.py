"""Fixtures for the analysis tests: the seeded demo study, built once."""

import pytest

from analysis.datasets import ValueStudy, make_value_study


@pytest.fixture(scope="session")
def study() -> ValueStudy:
    return make_value_study(600, random_state=0)

"""Fixtures for the analysis tests: the seeded demo study, built once."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.datasets import ValueStudy, make_value_study


@pytest.fixture(scope="session")
def study() -> ValueStudy:
    return make_value_study(600, random_state=0)


#: The first 40 training answers of each banking77 intent, vendored (tests/data/banking77/).
BANKING77_TRAIN = (
    Path(__file__).resolve().parents[1] / "data" / "banking77" / "train-40-per-intent.csv"
)


@pytest.fixture(scope="session")
def banking77_train() -> pd.DataFrame:
    """banking77's training split: its first 40 answers per intent."""
    return pd.read_csv(BANKING77_TRAIN)

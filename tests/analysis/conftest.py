"""Fixtures for the analysis tests: the seeded demo study, built once."""

from pathlib import Path

import pandas as pd
import pytest

from analysis.datasets import ValueStudy, make_value_study
from tests.support.services import missing


@pytest.fixture(scope="session")
def study() -> ValueStudy:
    return make_value_study(600, random_state=0)


BANKING77 = Path(__file__).resolve().parents[2].parent / "shared" / "benchmarks" / "banking77"


@pytest.fixture(scope="session")
def banking77_train() -> pd.DataFrame:
    """banking77's training split (shared/ beside the repository), or skip."""
    if not (BANKING77 / "train.csv").exists():
        missing(f"banking77 at {BANKING77}")
    return pd.read_csv(BANKING77 / "train.csv")

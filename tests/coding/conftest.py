"""Fixtures of the coding tests: the demo's value study in the database, and a CLI runner."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.demo.operations import DEMO_SURVEYS
from surveyapp.demo.study import load_value_study
from surveyapp.surveys.operations import create_survey

ACCOUNTS = 40


@pytest.fixture
def study(app: Flask) -> None:
    """The demo's value study (its three coders' planted codings included), in the test's
    rolled-back transaction."""
    surveys = {key: create_survey(key, available_banks()[key]) for key in DEMO_SURVEYS}
    load_value_study(surveys, n_accounts=ACCOUNTS)
    db.session.commit()


@pytest.fixture
def run(app: Flask) -> Any:
    runner = app.test_cli_runner()
    return lambda group, *args: runner.invoke(group, [str(a) for a in args])

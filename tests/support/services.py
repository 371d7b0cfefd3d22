"""Which outside services the tests can use, and what to do when one is missing."""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

POSTGRES_ADMIN_URL = os.environ.get(
    "SURVEYAPP_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"
)
REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379
CHROMIUM = os.environ.get("SURVEYAPP_TEST_CHROMIUM", "/usr/bin/chromium")


def services_required() -> bool:
    return os.environ.get("SURVEYAPP_REQUIRE_SERVICES", "").lower() in {"1", "true", "yes"}


def missing(what: str) -> None:
    """Skip the test, or fail it when the run requires every service (CI)."""
    if services_required():
        pytest.fail(f"{what} is required (SURVEYAPP_REQUIRE_SERVICES=1) but not available")
    pytest.skip(f"{what} not available")


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def postgres_available() -> bool:
    import sqlalchemy as sa

    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL)
        with engine.connect() as connection:
            connection.execute(sa.text("SELECT 1"))
        engine.dispose()
        return True
    except Exception:
        return False


def chromium_available() -> bool:
    return shutil.which(CHROMIUM) is not None or Path(CHROMIUM).exists()

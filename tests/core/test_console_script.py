"""The installed `surveyapp` console script, run as a user would, in a separate process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sqlalchemy as sa

SCRIPT = Path(sys.executable).with_name("surveyapp")


def surveyapp(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(SCRIPT), *args], env=env, capture_output=True, text=True, timeout=120
    )


def test_upgrade_create_invite_from_a_fresh_instance(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SURVEYAPP_INSTANCE_PATH": str(tmp_path),
        "SURVEYAPP_SECRET_KEY": "s3cret",
        "SURVEYAPP_BASE_URL": "https://surveys.example",
    }
    upgraded = surveyapp("db", "upgrade", env=env)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (tmp_path / "surveyapp.db").exists()
    created = surveyapp(
        "surveys",
        "create",
        "--key",
        "onboarding",
        "--bank",
        "first-value-checkin",
        "--allow-edit",
        env=env,
    )
    assert created.returncode == 0, created.stderr
    invited = surveyapp(
        "invite", "--survey", "onboarding", "--email", "ana@example.com", "--locale", "pt", env=env
    )
    assert invited.returncode == 0, invited.stderr
    assert invited.stdout.splitlines()[-1].startswith("https://surveys.example/s/")
    engine = sa.create_engine(f"sqlite:///{tmp_path / 'surveyapp.db'}")
    with engine.connect() as connection:
        allow_edit = connection.execute(sa.text("SELECT allow_edit FROM surveys")).scalar()
    engine.dispose()
    assert allow_edit == 1


def test_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "SURVEYAPP_SECRET_KEY"}
    env["SURVEYAPP_INSTANCE_PATH"] = str(tmp_path)
    result = surveyapp("db", "upgrade", env=env)
    assert result.returncode != 0
    assert "SURVEYAPP_SECRET_KEY is not set" in result.stderr + result.stdout

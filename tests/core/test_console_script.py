"""The installed `surveyapp` console script, run as a user would, in a separate process."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
import sqlalchemy as sa

from surveyapp.core.cli import COMMANDS, load_command

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


HEAVY = ("sklearn", "nltk", "scipy", "pandas")


def imported_after(code: str) -> dict[str, object]:
    """Run ``code`` in a fresh interpreter; which of HEAVY (and our modules) it imported."""
    probe = (
        f"{code}\nimport json, sys\n"
        "print(json.dumps({name: name in sys.modules for name in sys.argv[1:]}))"
    )
    names = [*HEAVY, "surveyapp.app", "surveyapp.analyze.cli"]
    result = subprocess.run(
        [sys.executable, "-c", probe, *names], capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    found: dict[str, object] = json.loads(result.stdout.splitlines()[-1])
    found["output"] = "\n".join(result.stdout.splitlines()[:-1])
    return found


def test_listing_the_commands_imports_neither_them_nor_the_app() -> None:
    found = imported_after(
        "from surveyapp.core.cli import build_cli\n"
        "build_cli().main(['--help'], prog_name='surveyapp', standalone_mode=False)"
    )
    assert {name: found[name] for name in HEAVY} == dict.fromkeys(HEAVY, False)
    assert found["surveyapp.app"] is False and found["surveyapp.analyze.cli"] is False
    listed = {line.split()[0] for line in str(found["output"]).splitlines() if line[:2] == "  "}
    assert set(COMMANDS) <= listed


@pytest.mark.parametrize("name", ["invite", "worker", "db", "surveys", "events"])
def test_everyday_commands_import_no_analysis_stack(name: str) -> None:
    found = imported_after(
        "import click\nfrom surveyapp.core.cli import build_cli\n"
        f"cli = build_cli()\ncli.get_command(click.Context(cli), {name!r})"
    )
    assert {module: found[module] for module in ("sklearn", "nltk")} == {
        "sklearn": False,
        "nltk": False,
    }


def test_building_the_app_imports_no_analysis_stack() -> None:
    found = imported_after("from surveyapp.app import create_app\ncreate_app({'SECRET_KEY': 'x'})")
    assert found["sklearn"] is False and found["nltk"] is False


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_short_help_is_the_commands_own(name: str) -> None:
    command = load_command(name)
    assert command.name == name
    assert command.get_short_help_str(limit=500) == COMMANDS[name][2]

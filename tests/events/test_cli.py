"""apikeys create, events import, accounts import, milestones validate."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from surveyapp.accounts.models import Account
from surveyapp.apikeys.operations import key_for_secret
from surveyapp.core.cli import build_cli
from surveyapp.core.db import db
from surveyapp.events.models import MilestoneEvent, ProductEvent


def run(app, *args: str):  # type: ignore[no-untyped-def]
    return app.test_cli_runner().invoke(build_cli(), list(args), catch_exceptions=False)


def test_apikeys_create_prints_the_key_last(app) -> None:
    result = run(app, "apikeys", "create", "--scope", "events:write", "--name", "segment")
    assert result.exit_code == 0, result.output
    secret = result.output.strip().splitlines()[-1]
    key = key_for_secret(secret)
    assert key is not None and key.allows("events:write") and secret not in key.key_hash
    assert "segment" in run(app, "apikeys", "list").output


def test_events_import_reports_lines_and_is_idempotent(app, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(
        "account_id,user_id,event,timestamp,properties_json,insert_id\n"
        "acme,u1,report_shared,2026-02-01T10:00:00Z,{},e1\n"
        'acme,u1,login,1767225600,"{""plan"": ""pro""}",e2\n'
        "acme,u1,,2026-02-01T10:00:00Z,{},e3\n"
        "acme,u2,login,not-a-time,{},e4\n",
        encoding="utf-8",
    )
    first = run(app, "events", "import", str(path))
    assert first.exit_code == 1
    assert f"{path}: line 4, column event:" in first.output
    assert f"{path}: line 5, column timestamp:" in first.output
    assert "2 imported, 0 already there, 2 rejected" in first.output
    second = run(app, "events", "import", str(path))
    assert "0 imported, 2 already there, 2 rejected" in second.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ProductEvent)) == 2
    assert db.session.scalar(sa.select(sa.func.count()).select_from(MilestoneEvent)) == 1


def test_accounts_import_and_missing_columns(app, tmp_path: Path) -> None:
    path = tmp_path / "accounts.csv"
    path.write_text(
        "account_id,name,segment,plan,start_at,csm_owner\nacme,Acme,smb,pro,2026-01-01,kim\n",
        encoding="utf-8",
    )
    assert run(app, "accounts", "import", str(path)).exit_code == 0
    account = db.session.scalar(sa.select(Account).filter_by(external_id="acme"))
    assert (account.segment, account.start_at.year) == ("smb", 2026)
    bad = tmp_path / "bad.csv"
    bad.write_text("id,name\nacme,Acme\n", encoding="utf-8")
    result = run(app, "accounts", "import", str(bad))
    assert result.exit_code != 0 and "line 1: missing column(s) account_id" in result.output


def test_milestones_validate_names_line_and_field(app, tmp_path: Path) -> None:
    assert "ok: 4 milestones" in run(app, "milestones", "validate").output
    path = tmp_path / "m.yaml"
    path.write_text(
        "schema_version: 1\nmilestones:\n  - key: a\n    kind: outcome\n    when: [{event: x}]\n",
        encoding="utf-8",
    )
    result = run(app, "milestones", "validate", str(path))
    assert result.exit_code != 0
    assert f"{path}:4: milestones[0].kind: 'outcome' is not one of" in result.output

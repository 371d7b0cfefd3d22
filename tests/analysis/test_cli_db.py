"""The `analyze` commands without CSV files: they read the instance's database, and give
what the CSV path gives on the same rows exported to CSV."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import click
import pandas as pd
import pytest
import sqlalchemy as sa
import yaml
from click.testing import CliRunner
from flask import Flask
from flask.cli import ScriptInfo

from surveyapp import create_app
from surveyapp.accounts.models import Account
from surveyapp.analyze.cli import analyze_cli
from surveyapp.core.db import db, utcnow
from surveyapp.events.models import MilestoneEvent
from surveyapp.events.queries import milestone_definitions
from tests.conftest import TEST_CONFIG
from tests.support.studies import study_app

ACCOUNTS = 60


@pytest.fixture(scope="module")
def app(backend: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    """The app on a database holding the demo's value study (committed, once per backend);
    some of its accounts churned before first value."""
    with study_app(backend, tmp_path_factory.mktemp("analyze"), ACCOUNTS, TEST_CONFIG) as flask_app:
        yield flask_app


@pytest.fixture
def run(app: Flask, tmp_path: Path) -> Any:
    """run(*args) -> click's result of `surveyapp analyze ...` (file names under tmp_path)."""
    runner = app.test_cli_runner()

    def invoke(*args: str) -> Any:
        return runner.invoke(analyze_cli, list(args))

    return invoke


def read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def same(left: Any, right: Any) -> bool:
    """Equal JSON, numbers to 1e-12 (a float written to CSV can come back 1 ulp off)."""
    if isinstance(left, dict) and isinstance(right, dict):
        return left.keys() == right.keys() and all(same(left[k], right[k]) for k in left)
    if isinstance(left, list) and isinstance(right, list):
        return len(left) == len(right) and all(map(same, left, right))
    if isinstance(left, float) and isinstance(right, float):
        return math.isclose(left, right, rel_tol=1e-12)
    return bool(left == right)


def test_clusters_from_the_database_match_the_csv_path(run: Any, tmp_path: Path) -> None:
    db_out, csv_out = tmp_path / "db.csv", tmp_path / "csv.csv"
    common = ["--k", "3", "--seed", "1"]
    result = run("clusters", *common, "--output", str(db_out), "--json", str(tmp_path / "db.json"))
    assert result.exit_code == 0, result.output
    assert "Clustering" in result.stderr and "Clustering" not in result.stdout
    rows = pd.read_csv(db_out)
    assert {"response_id", "account_id", "account", "contact_id", "text", "cluster"} <= set(rows)
    assert set(rows["question"]) <= {"first_outcome", "chosen_outcome", "success_picture"}
    assert rows["account"].notna().all()
    assert len(rows) >= ACCOUNTS / 2 and rows["cluster"].between(-1, 2).all()
    result = run(
        "clusters",
        "--input",
        str(db_out),
        "--text-column",
        "text",
        *common,
        "--output",
        str(csv_out),
        "--json",
        str(tmp_path / "csv.json"),
    )
    assert result.exit_code == 0, result.output
    assert pd.read_csv(csv_out)["cluster"].tolist() == rows["cluster"].tolist()
    assert same(read_json(tmp_path / "csv.json"), read_json(tmp_path / "db.json"))


def test_clusters_of_one_question_of_one_survey(run: Any, tmp_path: Path) -> None:
    out = tmp_path / "one.csv"
    result = run(
        "clusters",
        "--survey",
        "value-definition",
        "--question",
        "first_outcome",
        "--k",
        "2",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    rows = pd.read_csv(out)
    assert set(rows["question"]) == {"first_outcome"}
    assert set(rows["survey"]) == {"value-definition"}


def _export_accounts_and_events(folder: Path) -> list[str]:
    """The accounts and milestone events tables as the CSV path reads them; the milestone
    definitions as YAML. Returns the three paths."""
    accounts = pd.DataFrame(
        db.session.execute(
            sa.select(Account.id, Account.segment, Account.start_at, Account.churned_at)
        ).all(),
        columns=["account_id", "segment", "start_at", "churned_at"],
    )
    events = pd.DataFrame(
        db.session.execute(
            sa.select(
                MilestoneEvent.account_id, MilestoneEvent.milestone_key, MilestoneEvent.occurred_at
            )
        ).all(),
        columns=["account_id", "milestone", "occurred_at"],
    )
    definitions = [
        {"key": m.key, "kind": m.kind, "first_value": m.first_value}
        for m in milestone_definitions()
    ]
    paths = [folder / "accounts.csv", folder / "events.csv", folder / "milestones.yaml"]
    accounts.fillna({"segment": "none"}).to_csv(paths[0], index=False)
    events.to_csv(paths[1], index=False)
    paths[2].write_text(yaml.safe_dump({"milestones": definitions}), encoding="utf-8")
    return [str(path) for path in paths]


def test_ttfv_from_the_database_matches_the_csv_path(run: Any, tmp_path: Path) -> None:
    as_of = utcnow().date().isoformat()
    db_rows, csv_rows = tmp_path / "db.csv", tmp_path / "csv.csv"
    result = run(
        "ttfv",
        "--as-of",
        as_of,
        "--group-by",
        "segment",
        "--output",
        str(db_rows),
        "--json",
        str(tmp_path / "db.json"),
    )
    assert result.exit_code == 0, result.output
    accounts, events, milestones = _export_accounts_and_events(tmp_path)
    result = run(
        "ttfv",
        "--accounts",
        accounts,
        "--events",
        events,
        "--milestones",
        milestones,
        "--as-of",
        as_of,
        "--group-by",
        "segment",
        "--output",
        str(csv_rows),
        "--json",
        str(tmp_path / "csv.json"),
    )
    assert result.exit_code == 0, result.output
    summary = read_json(tmp_path / "db.json")
    assert same(summary, read_json(tmp_path / "csv.json"))
    assert set(summary["groups"]) == {"overall", "smb", "mid_market", "enterprise"}
    assert summary["competing_risks"]["overall"]["churned_before_value_by"]["30"] > 0
    from_db, from_csv = (
        pd.read_csv(path).sort_values("account_id") for path in (db_rows, csv_rows)
    )
    assert len(from_db) == ACCOUNTS
    columns = ["account_id", "ttfv_days", "reached", "censor_reason", "outcome"]
    pd.testing.assert_frame_equal(
        from_db[columns].reset_index(drop=True), from_csv[columns].reset_index(drop=True)
    )
    churned = set(from_db.loc[from_db["censor_reason"] == "churned before value", "account_id"])
    with_churn_date = db.session.scalars(
        sa.select(Account.id).where(Account.churned_at.is_not(None))
    ).all()
    assert churned and churned <= set(with_churn_date)


def test_survival_from_the_database_matches_the_csv_path(run: Any, tmp_path: Path) -> None:
    durations = tmp_path / "durations.csv"
    result = run(
        "survival",
        "--group-by",
        "plan",
        "--at",
        "45",
        "--output",
        str(durations),
        "--json",
        str(tmp_path / "db.json"),
    )
    assert result.exit_code == 0, result.output
    result = run(
        "survival",
        "--input",
        str(durations),
        "--duration-column",
        "ttfv_days",
        "--event-column",
        "reached",
        "--group-column",
        "plan",
        "--at",
        "45",
        "--json",
        str(tmp_path / "csv.json"),
    )
    assert result.exit_code == 0, result.output
    summary = read_json(tmp_path / "db.json")
    assert same(summary, read_json(tmp_path / "csv.json"))
    assert summary["groups"]["overall"]["n"] == ACCOUNTS and "logrank" in summary
    reached = db.session.scalar(
        sa.select(sa.func.count(sa.distinct(MilestoneEvent.account_id))).where(
            MilestoneEvent.milestone_key == "first_report_shared"
        )
    )
    assert summary["groups"]["overall"]["events"] == reached


def test_survival_by_answer_cluster(run: Any, tmp_path: Path) -> None:
    result = run("survival", "--group-by", "cluster", "--json", str(tmp_path / "s.json"))
    assert result.exit_code == 0, result.output
    groups = read_json(tmp_path / "s.json")["groups"]
    assert (
        len(groups) >= 3
        and sum(g["n"] for name, g in groups.items() if name != "overall")
        == (groups["overall"]["n"])
    )


def test_correlate_from_the_database_matches_the_csv_path(run: Any, tmp_path: Path) -> None:
    table = tmp_path / "values.csv"
    options = ["--n-boot", "200", "--seed", "3"]
    result = run("correlate", *options, "--output", str(table), "--json", str(tmp_path / "db.json"))
    assert result.exit_code == 0, result.output
    tests = read_json(tmp_path / "db.json")["tests"]
    ratings = list(dict.fromkeys(t["rating"] for t in tests))
    outcomes = list(dict.fromkeys(t["outcome"] for t in tests))
    assert ratings == [
        "value_achieved",
        "perceived_quality",
        "perceived_price",
        "value_ratio",
        "nps",
    ]
    assert outcomes[:2] == ["first_value", "days_to_first_value"]
    assert "first_report_shared" in outcomes and "workspace_set_up" in outcomes
    frame = pd.read_csv(table)
    assert (frame["first_value"] == frame["first_report_shared"]).all()
    assert frame["workspace_set_up"].sum() > frame["first_value"].sum()
    result = run(
        "correlate",
        "--input",
        str(table),
        "--ratings",
        ",".join(ratings),
        "--outcomes",
        ",".join(outcomes),
        *options,
        "--json",
        str(tmp_path / "csv.json"),
    )
    assert result.exit_code == 0, result.output
    assert same(read_json(tmp_path / "csv.json")["tests"], tests)


def test_correlate_a_chosen_rating_and_outcome(run: Any, tmp_path: Path) -> None:
    result = run(
        "correlate",
        "--ratings",
        "value_achieved",
        "--outcomes",
        "first_value",
        "--n-boot",
        "100",
        "--json",
        str(tmp_path / "c.json"),
    )
    assert result.exit_code == 0, result.output
    (test,) = read_json(tmp_path / "c.json")["tests"]
    assert test["n"] > 20 and test["mannwhitney_u"] is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["clusters", "--input", "{csv}", "--survey", "x"], "--survey only applies when reading"),
        (["clusters", "--question", "q", "--construct", "pain"], "--question or --construct"),
        (["survival", "--duration-column", "d"], "--duration-column only applies to CSV input"),
        (["survival", "--input", "{csv}", "--event-column", "e"], "also give --duration-column"),
        (["ttfv", "--accounts", "{csv}"], "give --accounts, --events, --milestones together"),
        (["ttfv", "--group-by", "region"], "group by one of segment, plan, cohort, cluster"),
        (["correlate", "--ratings", "joy"], "joy: the database gives value_achieved"),
        (["correlate", "--input", "{csv}", "--as-of", "2025-01-01"], "--as-of only applies"),
        (["ttfv", "--as-of", "someday"], "'someday' is not a date"),
    ],
)
def test_mixed_or_wrong_options_are_usage_errors(
    run: Any, tmp_path: Path, args: list[str], message: str
) -> None:
    csv = tmp_path / "in.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    outputs = {
        "clusters": ["--output", str(tmp_path / "o.csv")],
        "survival": ["--json", str(tmp_path / "o.json")],
        "ttfv": ["--output", str(tmp_path / "o.csv"), "--json", str(tmp_path / "o.json")],
        "correlate": ["--json", str(tmp_path / "o.json")],
    }
    result = run(*[a.replace("{csv}", str(csv)) for a in args], *outputs[args[0]])
    assert result.exit_code == 2, result.output
    assert message in result.output and "Traceback" not in result.output


def test_what_the_database_lacks_is_named(run: Any, tmp_path: Path) -> None:
    out = ["--output", str(tmp_path / "o.csv")]
    result = run("clusters", "--survey", "nope", *out)
    assert result.exit_code == 1 and "the app database: no survey 'nope'" in result.output
    result = run("clusters", "--construct", "pain", "--survey", "first-value-checkin", *out)
    assert result.exit_code == 1 and "no question of construct 'pain'" in result.output
    result = run("agreement", "--question", "success_signal", "--json", str(tmp_path / "a.json"))
    assert result.exit_code == 1 and "no codings of question 'success_signal'" in result.output
    assert "pass --input FILE.csv" in result.output and result.exception.__class__ is SystemExit


def test_an_unmigrated_database_is_named_not_a_traceback(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'empty.db'}"
    info = ScriptInfo(create_app=lambda: create_app({**TEST_CONFIG, "DATABASE_URL": url}))
    result = CliRunner().invoke(
        analyze_cli, ["ttfv", "--output", "o.csv", "--json", "o.json"], obj=info
    )
    assert result.exit_code == 1, result.output
    assert f"cannot read the app database at {url}" in result.output
    assert "surveyapp db upgrade" in result.output


def test_help_documents_every_option_and_both_sources(run: Any) -> None:
    for name, command in analyze_cli.commands.items():
        undocumented = [
            param.name
            for param in command.params
            if isinstance(param, click.Option) and not param.help
        ]
        assert undocumented == [], name
        assert "database" in run(name, "--help").output, name


def test_a_bad_date_in_a_csv_file_is_named_by_file_line_and_column(tmp_path: Path) -> None:
    accounts, events, milestones = (tmp_path / n for n in ("a.csv", "e.csv", "m.yaml"))
    accounts.write_text("account_id,start_at\nx,2025-01-01\ny,2025-01-02\n", encoding="utf-8")
    events.write_text(
        "account_id,milestone,occurred_at\nx,done,2025-01-05\ny,done,next week\n",
        encoding="utf-8",
    )
    milestones.write_text("milestones:\n- {key: done, first_value: true}\n", encoding="utf-8")
    args = ["--accounts", accounts, "--events", events, "--milestones", milestones]
    result = CliRunner().invoke(
        analyze_cli,
        ["ttfv", *map(str, args), "--as-of", "2025-02-01", "--output", "o.csv", "--json", "o.json"],
    )
    assert result.exit_code == 1, result.output
    assert f"{events}, line 3, column 'occurred_at': 'next week' is not a date" in result.output

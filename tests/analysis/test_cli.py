"""The `analyze` command group on CSV files, through click's runner."""

import json

import pandas as pd
import pytest
import yaml
from click.testing import CliRunner

from surveyapp.analyze.cli import analyze_cli


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(analyze_cli, [str(a) for a in args], catch_exceptions=False)

    return invoke


def test_clusters_command(run, study, tmp_path):
    study.answers[study.answers["locale"] == "en"].to_csv("answers.csv", index=False)
    result = run(
        "clusters",
        "--input",
        "answers.csv",
        "--text-column",
        "expected_outcome",
        "--k",
        "4",
        "--output",
        "out.csv",
        "--json",
        "summary.json",
    )
    assert result.exit_code == 0, result.output
    out = pd.read_csv(tmp_path / "out.csv")
    summary = json.loads((tmp_path / "summary.json").read_text())
    assert summary["k"] == 4 and {c["id"] for c in summary["clusters"]} == {0, 1, 2, 3}
    assert set(summary["clusters"][0]) >= {"id", "size", "terms", "quotes"}
    assert (out.loc[out["theme"].isna(), "cluster"] == -1).all()


def test_a_csv_option_without_input_is_a_usage_error(run):
    result = CliRunner().invoke(
        analyze_cli, ["clusters", "--text-column", "x", "--output", "o.csv"]
    )
    assert result.exit_code == 2
    assert "--text-column only applies to CSV input: add --input FILE" in result.output


def test_survival_command_and_error_location(run, tmp_path):
    from lifelines.datasets import load_waltons

    load_waltons().to_csv("w.csv", index=False)
    result = run(
        "survival",
        "--input",
        "w.csv",
        "--duration-column",
        "T",
        "--event-column",
        "E",
        "--group-column",
        "group",
        "--at",
        "30",
        "--json",
        "s.json",
    )
    assert result.exit_code == 0, result.output
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["groups"]["overall"]["median"] == 56.0
    assert summary["groups"]["overall"]["median_ci"] == [53.0, 58.0]
    assert summary["logrank"]["df"] == 1 and "30" in summary["groups"]["control"]["survival_at"]
    pd.DataFrame({"T": [1, "soon"], "E": [1, 0]}).to_csv("bad.csv", index=False)
    bad = CliRunner().invoke(
        analyze_cli,
        [
            "survival",
            "--input",
            "bad.csv",
            "--duration-column",
            "T",
            "--event-column",
            "E",
            "--json",
            "x.json",
        ],
    )
    assert bad.exit_code == 1 and "bad.csv, line 3, column 'T'" in bad.output
    missing = CliRunner().invoke(
        analyze_cli,
        [
            "survival",
            "--input",
            "bad.csv",
            "--duration-column",
            "D",
            "--event-column",
            "E",
            "--json",
            "x.json",
        ],
    )
    assert "no column 'D'" in missing.output


def test_ttfv_command(run, study, tmp_path):
    study.accounts.to_csv("accounts.csv", index=False)
    study.events.to_csv("events.csv", index=False)
    (tmp_path / "milestones.yaml").write_text(yaml.safe_dump({"milestones": study.milestones}))
    result = run(
        "ttfv",
        "--accounts",
        "accounts.csv",
        "--events",
        "events.csv",
        "--milestones",
        "milestones.yaml",
        "--as-of",
        "2025-06-30",
        "--group-by",
        "segment",
        "--output",
        "t.csv",
        "--json",
        "t.json",
    )
    assert result.exit_code == 0, result.output
    table = pd.read_csv(tmp_path / "t.csv")
    assert {"first_value_at", "ttfv_days", "censored", "censor_reason"} <= set(table.columns)
    summary = json.loads((tmp_path / "t.json").read_text())
    assert summary["groups"]["smb"]["median"] < summary["groups"]["enterprise"]["median"]


def test_correlate_and_agreement_commands(run, study, tmp_path):
    frame = study.answers.assign(reached=study.answers["value_achieved"] >= 5)
    frame["reached"] = frame["reached"].astype(int)
    frame.to_csv("ratings.csv", index=False)
    result = run(
        "correlate",
        "--input",
        "ratings.csv",
        "--ratings",
        "value_achieved,nps",
        "--outcomes",
        "reached",
        "--n-boot",
        "200",
        "--json",
        "c.json",
    )
    assert result.exit_code == 0, result.output
    tests = json.loads((tmp_path / "c.json").read_text())["tests"]
    assert [t["rating"] for t in tests] == ["value_achieved", "nps"]
    assert {"spearman_ci", "mannwhitney_u", "rank_biserial", "p_adjusted"} <= set(tests[0])
    study.codings.to_csv("codings.csv", index=False)
    result = run(
        "agreement",
        "--input",
        "codings.csv",
        "--unit-column",
        "unit",
        "--coder-column",
        "coder",
        "--code-column",
        "code",
        "--json",
        "a.json",
    )
    assert result.exit_code == 0, result.output
    report = json.loads((tmp_path / "a.json").read_text())
    assert report["n_coders"] == 3 and set(report["cohen_kappa"]) == {"A|B", "A|C", "B|C"}

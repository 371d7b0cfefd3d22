"""The stable CLI: surveys create, invite, banks validate/list, demo."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from click.testing import CliRunner

from surveyapp.accounts.models import Contact
from surveyapp.core.cli import build_cli
from surveyapp.core.db import db
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.tokens import hash_token
from tests.auth.conftest import log_in

DATA = Path(__file__).parents[1] / "data"


def run(app, *args: str):  # type: ignore[no-untyped-def]
    runner = app.test_cli_runner()
    return runner.invoke(build_cli(), list(args), catch_exceptions=False)


def test_invite_prints_the_link_alone_on_the_last_line(app, create_survey) -> None:
    create_survey(key="onboarding")
    result = run(
        app,
        "invite",
        "--survey",
        "onboarding",
        "--email",
        " Ana@Example.COM ",
        "--account",
        "acme",
        "--locale",
        "fa",
        "--name",
        "Ana",
    )
    assert result.exit_code == 0, result.output
    link = result.output.strip().splitlines()[-1]
    assert link.startswith("http://survey.test/s/")
    token = link.rsplit("/", 1)[1]
    assert len(token) == 32
    invitation = db.session.scalar(sa.select(Invitation).filter_by(token_hash=hash_token(token)))
    assert invitation is not None
    assert token not in str(db.session.execute(sa.select(Invitation.__table__)).all())
    contact = db.session.scalar(sa.select(Contact).filter_by(email="ana@example.com"))
    assert contact.locale == "fa" and contact.account.external_id == "acme"


def test_invite_errors_are_clear(app, create_survey) -> None:
    create_survey(key="onboarding")
    missing = run(app, "invite", "--survey", "nope", "--email", "a@example.com")
    assert missing.exit_code != 0 and "no survey 'nope'" in missing.output
    bad_email = run(app, "invite", "--survey", "onboarding", "--email", "not-an-email")
    assert bad_email.exit_code != 0 and "is not an email address" in bad_email.output
    bad_locale = run(
        app, "invite", "--survey", "onboarding", "--email", "a@example.com", "--locale", "xx"
    )
    assert bad_locale.exit_code != 0 and "'xx' is not one of" in bad_locale.output


def test_surveys_create_pins_the_current_bank_version(app) -> None:
    result = run(app, "surveys", "create", "--key", "vd", "--bank", "value-definition")
    assert result.exit_code == 0, result.output
    assert "value-definition v1" in result.output
    again = run(app, "surveys", "create", "--key", "vd", "--bank", "value-definition")
    assert again.exit_code != 0 and "already exists" in again.output
    unknown = run(app, "surveys", "create", "--key", "x", "--bank", "nope")
    assert unknown.exit_code != 0 and "no question bank 'nope'" in unknown.output
    listed = run(app, "surveys", "list")
    assert "vd\tvalue-definition v1\tactive" in listed.output


def test_banks_validate_exit_status_and_messages(app, tmp_path: Path) -> None:
    ok = CliRunner().invoke(build_cli(), ["banks", "validate"])
    assert ok.exit_code == 0 and ok.output.count(": ok (") == 3
    broken = tmp_path / "broken.yaml"
    broken.write_text((DATA / "all-types.yaml").read_text().replace("type: nps", "type: stars"))
    result = CliRunner().invoke(build_cli(), ["banks", "validate", str(broken), str(DATA)])
    assert result.exit_code == 1
    assert f"{broken}:" in result.output and "unknown question type 'stars'" in result.output
    total = 1 + len(list(DATA.glob("*.yaml")))
    assert f"1 of {total} bank files have errors" in result.output


def test_banks_list(app) -> None:
    result = run(app, "banks", "list")
    assert "value-definition\tv1\tsurvey\ten,pt,es,pl,fa" in result.output


def test_demo_prints_links_for_every_locale(app) -> None:
    result = run(app, "demo")
    assert result.exit_code == 0, result.output
    for locale in ("en", "pt", "es", "pl", "fa"):
        assert f"[{locale}]" in result.output
    assert result.output.count("http://survey.test/s/") >= 5
    assert "Staff login at http://survey.test/login" in result.output
    again = run(app, "demo")  # a second run works too, with new passwords
    assert again.exit_code == 0, again.output
    password = again.output.split("admin@demo.example")[1].split()[0]
    assert log_in(app.test_client(), "admin@demo.example", password).status_code == 303

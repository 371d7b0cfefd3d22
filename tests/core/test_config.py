"""Configuration layers and the refusal to run with the default secret key."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveyapp import create_app
from surveyapp.core.config import ConfigError


def test_environment_overrides_defaults(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("SURVEYAPP_SECRET_KEY", "from-env")
    monkeypatch.setenv("SURVEYAPP_DATABASE_URL", f"sqlite:///{tmp_path / 'x.db'}")
    monkeypatch.setenv("SURVEYAPP_MAX_CONTENT_LENGTH", "1234")
    monkeypatch.setenv("SURVEYAPP_LOCALES", "en, fa")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-env"
    assert app.config["DATABASE_URL"].endswith("x.db")
    assert app.config["MAX_CONTENT_LENGTH"] == 1234
    assert app.config["LOCALES"] == ["en", "fa"]


def test_override_wins_over_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SURVEYAPP_SECRET_KEY", "from-env")
    app = create_app({"SECRET_KEY": "override", "DATABASE_URL": "sqlite://"})
    assert app.config["SECRET_KEY"] == "override"


def test_instance_file_sits_between_defaults_and_environment(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    (tmp_path / "surveyapp.cfg").write_text("SECRET_KEY = 'from-file'\nBASE_URL = 'https://x'\n")
    monkeypatch.setenv("SURVEYAPP_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("SURVEYAPP_BASE_URL", "https://from-env")
    app = create_app()
    assert app.config["SECRET_KEY"] == "from-file"
    assert app.config["BASE_URL"] == "https://from-env"
    assert app.config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'surveyapp.db'}"
    assert app.config["SESSION_COOKIE_SECURE"] is True  # links are https


def test_refuses_default_secret_key_outside_debug(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("SURVEYAPP_SECRET_KEY", raising=False)
    monkeypatch.setenv("SURVEYAPP_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(ConfigError, match="SURVEYAPP_SECRET_KEY is not set"):
        create_app()
    assert create_app({"TESTING": True}).config["TESTING"]


def test_bad_integer_in_environment_names_the_variable(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SURVEYAPP_MAX_CONTENT_LENGTH", "lots")
    with pytest.raises(ConfigError, match="SURVEYAPP_MAX_CONTENT_LENGTH must be an integer"):
        create_app({"SECRET_KEY": "x"})

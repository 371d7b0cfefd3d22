"""Baselines for bench/respond.py: the least a Flask app can do for a GET and for a POST."""

from __future__ import annotations

import os

import sqlalchemy as sa
from flask import Flask, render_template, request
from jinja2 import DictLoader

from surveyapp.core.db import create_engine

FIVE_KB_TEMPLATE = (
    "<!doctype html><html><head><title>{{ title }}</title></head><body><main>"
    + "".join(f"<p>Paragraph {i}: {{{{ text }}}}</p>" for i in range(60))
    + "</main></body></html>"
)
LOREM = "Lorem ipsum dolor sit amet, consectetur adipiscing elit."


def template_app() -> Flask:
    """GET / renders a template of about 5 KB."""
    app = Flask("bare_template")
    app.jinja_loader = DictLoader({"page.html": FIVE_KB_TEMPLATE})  # compiled once, cached

    @app.get("/")
    def page() -> str:
        return render_template("page.html", title="Bare", text=LOREM)

    return app


ROWS = sa.Table(
    "bench_rows",
    sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("body", sa.Text),
)


def create_rows_table(url: str) -> None:
    """Create the insert app's table; the benchmark does it before starting the workers."""
    engine = create_engine(url)
    ROWS.metadata.create_all(engine)
    engine.dispose()


def insert_app() -> Flask:
    """POST / inserts one row per request into BENCH_DATABASE_URL, in its own transaction."""
    app = Flask("bare_insert")
    engine = create_engine(os.environ["BENCH_DATABASE_URL"])

    @app.post("/")
    def insert() -> tuple[str, int]:
        with engine.begin() as connection:
            connection.execute(ROWS.insert().values(body=request.form.get("text", "")))
        return "", 303

    return app

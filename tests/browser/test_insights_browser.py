"""A CS person in Chromium: at-risk list, one account in the customer's words, a chart."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from surveyapp.auth.operations import create_user
from surveyapp.core.db import db
from surveyapp.demo.operations import load_demo_customers
from surveyapp.insights.operations import refresh_insights
from tests.browser.conftest import non_blank_png
from tests.support.live import LiveServer

PASSWORD = "a long browser password"


@pytest.fixture(scope="module")
def demo(server: LiveServer) -> LiveServer:
    """The live server's database with the demo's customers and a cs user."""
    with server.app.app_context():
        load_demo_customers()
        create_user("cs-browser@example.com", "cs", PASSWORD)
        db.session.commit()
        refresh_insights()
        db.session.commit()
    return server


def test_cs_finds_a_red_account_reads_it_and_logs_out(
    chromium: Any, demo: LiveServer, tmp_path: Path
) -> None:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto(f"{demo.url}/at-risk")
    page.wait_for_url("**/login?next=/at-risk")  # staff pages need a login
    page.fill("#email", "cs-browser@example.com")
    page.fill("#password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url("**/at-risk")
    risky = page.locator(".risk-red:has(blockquote.said)").first
    words = risky.locator("blockquote.said").inner_text().strip()
    name = risky.locator("a.risk-account").inner_text()
    risky.locator("a.risk-account").click()
    page.wait_for_url("**/accounts/acct-*")
    main = page.inner_text("main")
    assert name in main and words in main and "have passed" in main

    chart = page.locator("#chart-milestones svg")
    assert chart.is_visible() and chart.bounding_box()["width"] > 300
    chart.screenshot(path=str(tmp_path / "milestones.png"))
    assert non_blank_png(tmp_path / "milestones.png")
    page.screenshot(path=str(tmp_path / "account.png"), full_page=True)
    assert non_blank_png(tmp_path / "account.png")

    page.click("header button:has-text('Log out')")
    page.wait_for_url("**/login")
    page.goto(f"{demo.url}/at-risk")
    assert "/login" in page.url
    context.close()

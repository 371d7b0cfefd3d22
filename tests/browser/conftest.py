"""Real headless Chromium (Debian's), driven by Playwright, against a live server."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from surveyapp.accounts.operations import upsert_account, upsert_contact
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db
from surveyapp.invitations.operations import create_invitation
from surveyapp.surveys.operations import create_survey
from surveyapp.surveys.queries import survey_by_key
from tests.conftest import TEST_CONFIG
from tests.support.databases import fresh_database
from tests.support.live import LiveServer, live_server
from tests.support.services import CHROMIUM, chromium_available, missing

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    if not chromium_available():
        missing("Chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("browser")
    with fresh_database("sqlite", folder) as url, live_server(url, TEST_CONFIG) as live:
        yield live


@pytest.fixture
def phone(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(
        viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def invite(server: LiveServer) -> Any:
    """invite(email, locale) -> the personal link, on the live server's database."""

    def make(email: str, locale: str, bank: str = "value-definition") -> str:
        with server.app.app_context():
            survey = survey_by_key(bank) or create_survey(bank, available_banks()[bank])
            contact = upsert_contact(email, locale=locale, account=upsert_account("acme"))
            _, token = create_invitation(survey, contact)
            db.session.commit()
        return f"{server.url}/s/{token}"

    return make


def non_blank_png(path: Path) -> bool:
    """A real screenshot: a PNG with more than a few distinct colours."""
    from PIL import Image

    with Image.open(path) as image:
        colours = image.convert("RGB").getcolors(maxcolors=1 << 16)
    return colours is None or len(colours) > 8

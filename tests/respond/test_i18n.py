"""Respondent pages and their error messages come in the respondent's language."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from tests.respond.helpers import open_page, post_page

TRANSLATIONS = Path(__file__).parents[2] / "surveyapp" / "translations"
LOCALES = ["pt", "es", "pl", "fa"]


@pytest.mark.parametrize("locale", LOCALES)
def test_catalog_is_complete_and_compiled(locale: str) -> None:
    folder = TRANSLATIONS / locale / "LC_MESSAGES"
    with (folder / "messages.po").open("rb") as po_file:
        catalog = read_po(po_file)
    with (folder / "messages.mo").open("rb") as mo_file:
        compiled = read_mo(mo_file)
    with (TRANSLATIONS / "messages.pot").open("rb") as pot_file:
        template = read_po(pot_file)
    assert {m.id for m in template if m.id} <= {m.id for m in catalog if m.id}
    untranslated = [m.id for m in catalog if m.id and not all(_strings(m.string))]
    fuzzy = [m.id for m in catalog if m.id and m.fuzzy]
    assert untranslated == [] and fuzzy == []
    stale = [m.id for m in catalog if m.id and compiled.get(m.id) is None]
    assert stale == [], "run `pybabel compile -d surveyapp/translations`"
    for message in catalog:
        if message.id and _strings(compiled[message.id].string) != _strings(message.string):
            pytest.fail(f"{locale}: {message.id!r} changed since the last compile")


def _strings(string: object) -> tuple[str, ...]:
    return tuple(string) if isinstance(string, tuple | list) else (str(string),)


def test_validation_errors_in_persian(client, create_invitation) -> None:
    _, token = create_invitation(locale="fa")
    html = post_page(client, token, "start", {"headline": "x" * 41}).get_data(as_text=True)
    assert "لطفاً به این پرسش پاسخ دهید." in html  # "Please answer this question."
    assert "Please answer this question." not in html
    assert "۴۰" in html  # the 40-character limit, in Persian digits


@pytest.mark.parametrize(
    ("locale", "progress"),
    [
        ("pt", "Página 1 de 4"),
        ("es", "Página 1 de 4"),
        ("pl", "Strona 1 z 4"),
        ("fa", "صفحهٔ ۱ از ۴"),
        ("en", "Page 1 of 4"),
    ],
)
def test_shipped_bank_in_each_locale(
    client, create_invitation, create_survey, locale, progress
) -> None:
    from surveyapp.banks.queries import available_banks

    with client.application.app_context():
        bank = available_banks()["value-definition"]
    survey = create_survey(key="vd", bank=bank)
    _, token = create_invitation(survey=survey, locale=locale)
    html = open_page(client, token, "expectations").get_data(as_text=True)
    assert f'lang="{locale}"' in html
    assert progress in html
    assert bank.question("first_outcome").text[locale] in html

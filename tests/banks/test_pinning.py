"""A survey keeps the bank version it was created with, whatever happens to the file."""

from __future__ import annotations

from dataclasses import replace

import pytest

from surveyapp.banks.definitions import Bank
from surveyapp.banks.operations import BankVersionConflict, pin_bank_version
from surveyapp.banks.queries import pinned_bank
from tests.respond.helpers import open_page


def edited(bank: Bank, *, version: int) -> Bank:
    document = dict(bank.document)
    document["title"] = {"en": "Edited title", "fa": "عنوان تازه"}
    document["version"] = version
    return replace(Bank.from_document(document), version=version)


def test_changed_file_with_same_version_is_refused(create_survey, test_bank) -> None:
    create_survey()
    with pytest.raises(BankVersionConflict, match="raise its `version` to 2"):
        pin_bank_version(edited(test_bank, version=1))


def test_new_version_leaves_existing_surveys_unchanged(
    client, create_survey, create_invitation, test_bank
) -> None:
    old = create_survey(key="old")
    newer = create_survey(key="new", bank=edited(test_bank, version=2))
    assert pinned_bank(old.bank_version).title["en"] == "Test survey"
    assert pinned_bank(newer.bank_version).title["en"] == "Edited title"
    _, token = create_invitation(survey=old)
    html = open_page(client, token, "start").get_data(as_text=True)
    assert "Test survey" in html and "Edited title" not in html

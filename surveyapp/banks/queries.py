"""Read question banks: from the configured folder, and pinned versions from the database."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from surveyapp.banks.definitions import Bank
from surveyapp.banks.loader import SHIPPED_BANKS, load_folder
from surveyapp.banks.models import BankVersion
from surveyapp.core.db import db


def banks_folder() -> Path:
    configured = current_app.config.get("BANKS_PATH")
    return Path(configured) if configured else SHIPPED_BANKS


def available_banks() -> dict[str, Bank]:
    """The banks in the configured folder, by key (raises BankInvalid on a broken file)."""
    return load_folder(banks_folder())


#: Pinned versions never change, so each is built once per process (by content digest).
_PINNED: dict[str, Bank] = {}


def pinned_bank(version: BankVersion) -> Bank:
    """The bank exactly as stored when a survey first used this version."""
    return pinned_bank_of(version.id, version.digest)


def pinned_bank_of(version_id: int, digest: str) -> Bank:
    """Like :func:`pinned_bank`, by id and digest: the document is read only on first use."""
    bank = _PINNED.get(digest)
    if bank is None:
        document = db.session.scalar(
            sa.select(BankVersion.document).where(BankVersion.id == version_id)
        )
        bank = _PINNED[digest] = Bank.from_document(document)
    return bank

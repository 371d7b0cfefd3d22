"""Pin a bank version in the database the first time a survey uses it."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa

from surveyapp.banks.definitions import Bank
from surveyapp.banks.models import BankVersion
from surveyapp.core.db import db


class BankVersionConflict(Exception):
    """The file's content changed but its version did not."""


def digest_of(document: Mapping[str, Any]) -> str:
    canonical = json.dumps(document, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def pin_bank_version(bank: Bank) -> BankVersion:
    """The stored copy of ``bank`` at its version, stored now if it is new.

    Refuses a file whose content differs from the copy stored under the same version: answers
    already given would change meaning.
    """
    digest = digest_of(bank.document)
    stored = db.session.scalar(sa.select(BankVersion).filter_by(key=bank.key, version=bank.version))
    if stored is None:
        stored = BankVersion(
            key=bank.key, version=bank.version, document=dict(bank.document), digest=digest
        )
        db.session.add(stored)
        db.session.flush()
    elif stored.digest != digest:
        raise BankVersionConflict(
            f"question bank {bank.key!r} version {bank.version} has changed since surveys "
            f"started using it; raise its `version` to {bank.version + 1} to publish the change"
        )
    return stored

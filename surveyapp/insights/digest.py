"""The weekly at-risk digest: per CS owner, the red and yellow accounts they own this week.

An account's CS owner is stored as text (``accounts.csm_owner``, an email in practice); the
digest goes to owners written as an email address, in the language of the staff user with
that address when there is one (the language of their last login).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import UTC, date, datetime

import sqlalchemy as sa
from flask import current_app

from surveyapp.auth.models import User
from surveyapp.core.db import db
from surveyapp.insights.conditions import AccountFilters
from surveyapp.insights.health import AT_RISK
from surveyapp.insights.listing import AccountRow, iter_accounts

_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass(frozen=True)
class Week:
    """An ISO week, e.g. 2026-W48: the digest goes out at most once in it per owner."""

    year: int
    number: int

    @property
    def label(self) -> str:
        return f"{self.year}-W{self.number:02d}"

    @classmethod
    def parse(cls, text: str) -> Week:
        """``YYYY-Www``; ValueError naming the expected form otherwise."""
        found = _WEEK.match(text.strip())
        try:
            if not found:
                raise ValueError
            date.fromisocalendar(int(found[1]), int(found[2]), 1)
        except ValueError:
            raise ValueError(f"{text!r} is not an ISO week such as 2026-W48") from None
        return cls(int(found[1]), int(found[2]))

    @classmethod
    def of(cls, moment: datetime) -> Week:
        year, number, _day = moment.astimezone(UTC).isocalendar()
        return cls(year, number)


@dataclass(frozen=True)
class OwnerDigest:
    """One CS owner's at-risk accounts, most urgent first, and where and how to write."""

    address: str
    locale: str
    rows: list[AccountRow]

    @property
    def red(self) -> int:
        return sum(row.health == "red" for row in self.rows)

    @property
    def yellow(self) -> int:
        return sum(row.health == "yellow" for row in self.rows)


@dataclass(frozen=True)
class DigestPlan:
    digests: list[OwnerDigest]
    #: Owners with at-risk accounts but written as a name, not an email address.
    unreachable: list[str]
    #: At-risk accounts with no CS owner.
    unowned: int


def plan_digests(now: datetime) -> DigestPlan:
    """Who gets a digest now: every owner with a red or yellow account (none otherwise)."""
    by_owner: dict[str, list[AccountRow]] = defaultdict(list)
    unowned, unreachable = 0, set()
    for row in iter_accounts(AccountFilters(health=AT_RISK, sort="health"), now):
        owner = (row.account.csm_owner or "").strip()
        if not owner:
            unowned += 1
        elif _EMAIL.match(owner):
            by_owner[owner.lower()].append(row)
        else:
            unreachable.add(owner)
    locales = staff_locales(list(by_owner))
    default = current_app.config["DEFAULT_LOCALE"]
    digests = [
        OwnerDigest(address, locales.get(address) or default, rows)
        for address, rows in sorted(by_owner.items())
    ]
    return DigestPlan(digests, sorted(unreachable), unowned)


def staff_locales(addresses: list[str]) -> dict[str, str]:
    """The language each of these staff users read in at their last login, if supported."""
    supported = current_app.config["LOCALES"]
    query = sa.select(User.email, User.locale).where(
        User.email.in_(addresses), User.locale.is_not(None)
    )
    return {email: locale for email, locale in db.session.execute(query) if locale in supported}

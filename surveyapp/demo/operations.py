"""Load the demo: surveys from the shipped banks, accounts, contacts in five languages."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa

from surveyapp.accounts.operations import upsert_account, upsert_contact
from surveyapp.auth.models import User
from surveyapp.auth.operations import create_user, set_password
from surveyapp.banks.queries import available_banks
from surveyapp.core.db import db, utcnow
from surveyapp.demo.study import add_study_interviews, load_value_study
from surveyapp.invitations.operations import create_invitation
from surveyapp.surveys.models import Survey
from surveyapp.surveys.operations import create_survey
from surveyapp.surveys.queries import survey_by_key

DEMO_SURVEYS = ("value-definition", "first-value-checkin")

#: (account id, account name, start days ago, email, name, locale)
DEMO_PEOPLE = [
    ("acme", "Acme Logistics", 12, "emma.jones@acme.example", "Emma Jones", "en"),
    ("nuvem", "Nuvem Pagamentos", 40, "ana.souza@nuvem.example", "Ana Souza", "pt"),
    ("sol", "Sol y Mar Viajes", 75, "lucia.garcia@solymar.example", "Lucía García", "es"),
    ("wisla", "Wisła Software", 20, "jan.kowalski@wisla.example", "Jan Kowalski", "pl"),
    ("pars", "Pars Retail", 95, "sara.ahmadi@pars.example", "سارا احمدی", "fa"),
]


@dataclass(frozen=True)
class DemoLink:
    email: str
    locale: str
    survey_key: str
    token: str


def load_demo() -> list[DemoLink]:
    """Create what is missing and a fresh invitation per demo person; returns their links."""
    surveys = [_survey(key) for key in DEMO_SURVEYS]
    links = []
    for account_id, account_name, days_ago, email, name, locale in DEMO_PEOPLE:
        account = upsert_account(
            account_id, name=account_name, start_at=utcnow() - timedelta(days=days_ago)
        )
        contact = upsert_contact(email, name=name, locale=locale, account=account)
        # Everyone is asked what value means to them; those past day 30 also get a check-in.
        for survey in surveys if days_ago >= 30 else surveys[:1]:
            _invitation, token = create_invitation(survey, contact)
            links.append(DemoLink(contact.email, locale, survey.key, token))
    return links


def load_demo_customers() -> int:
    """A few hundred customers of the seeded value study with answers along their journeys
    and milestones, so the CS pages have red, yellow and green accounts; returns how many
    were added (none when already loaded)."""
    added = load_value_study({key: _survey(key) for key in DEMO_SURVEYS})
    if added:
        add_study_interviews(utcnow())
    return added


def _survey(key: str) -> Survey:
    return survey_by_key(key) or create_survey(key, available_banks()[key])


DEMO_STAFF = (
    ("admin", "admin@demo.example"),
    ("researcher", "researcher@demo.example"),
    ("cs", "cs@demo.example"),
)


def demo_staff() -> list[tuple[str, str, str]]:
    """One demo user per role with a fresh random password: (role, email, password)."""
    logins = []
    for role, email in DEMO_STAFF:
        password = secrets.token_urlsafe(12)
        user = db.session.scalar(sa.select(User).filter_by(email=email))
        if user is None:
            create_user(email, role, password)
        else:
            set_password(user, password)
        logins.append((role, email, password))
    return logins

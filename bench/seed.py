"""Fast seeding for benchmarks: a survey of the shipped bank and many invitations."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp import create_app
from surveyapp.accounts.models import Contact
from surveyapp.banks.queries import available_banks
from surveyapp.core import migrate
from surveyapp.core.db import db, utcnow
from surveyapp.invitations.models import Invitation
from surveyapp.invitations.tokens import new_token
from surveyapp.surveys.operations import create_survey


def seed_invitations(url: str, count: int) -> list[str]:
    """Migrate ``url`` and add ``count`` contacts, each invited; returns their tokens."""
    app = create_app({"DATABASE_URL": url, "SECRET_KEY": "bench"})
    with app.app_context():
        migrate.upgrade(db.engine)
        survey = create_survey("bench", available_banks()["value-definition"])
        now = utcnow()
        db.session.execute(
            sa.insert(Contact),
            [
                {"email": f"person{i}@example.com", "locale": "en", "created_at": now}
                for i in range(count)
            ],
        )
        contact_ids = db.session.scalars(sa.select(Contact.id).order_by(Contact.id)).all()
        tokens, rows = [], []
        for contact_id in contact_ids:
            token, token_hash = new_token()
            tokens.append(token)
            rows.append(
                {
                    "survey_id": survey.id,
                    "contact_id": contact_id,
                    "token_hash": token_hash,
                    "created_at": now,
                    "opened_at": now,
                }
            )
        db.session.execute(sa.insert(Invitation), rows)
        db.session.commit()
        db.engine.dispose()
    return tokens

"""Imports every feature's models, so the metadata (and Alembic) sees all tables."""

from __future__ import annotations

import importlib

from surveyapp.core.db import Base

MODEL_MODULES = [
    "surveyapp.banks.models",
    "surveyapp.accounts.models",
    "surveyapp.surveys.models",
    "surveyapp.invitations.models",
    "surveyapp.respond.models",
    "surveyapp.auth.models",
    "surveyapp.apikeys.models",
    "surveyapp.events.models",
    "surveyapp.dispatch.models",
    "surveyapp.journeys.models",
    "surveyapp.audit.models",
    "surveyapp.insights.models",
    "surveyapp.interviews.models",
    "surveyapp.coding.models",
]


def import_all_models() -> type[Base]:
    for module in MODEL_MODULES:
        importlib.import_module(module)
    return Base

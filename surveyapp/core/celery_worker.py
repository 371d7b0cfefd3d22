"""Entry point of Celery processes: `celery -A surveyapp.core.celery_worker worker|beat`.

A Celery process has no other place to build the Flask app, so this module does it once, on
import; nothing else imports it.
"""

from __future__ import annotations

from surveyapp import create_app
from surveyapp.core.jobs import celery, use_app_in_worker

app = create_app()
use_app_in_worker(app)

# Importing the task modules registers their tasks with celery.
import surveyapp.dispatch.tasks  # noqa: E402
import surveyapp.insights.tasks  # noqa: E402
import surveyapp.journeys.tasks  # noqa: E402,F401

__all__ = ["app", "celery"]

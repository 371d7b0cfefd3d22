"""Entry point of Celery processes: `celery -A surveyapp.core.celery_worker worker|beat`.

A Celery process has no other place to build the Flask app, so this module does it once, on
import; nothing else imports it.
"""

from __future__ import annotations

from surveyapp import create_app
from surveyapp.core.jobs import celery, use_app_in_worker

app = create_app()
use_app_in_worker(app)

import surveyapp.journeys.tasks  # noqa: E402,F401  (registers the tasks with celery)
from surveyapp.insights import tasks as insights_tasks  # noqa: E402,F401  (the same)

__all__ = ["app", "celery"]

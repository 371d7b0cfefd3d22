"""Entry point of Celery processes: `celery -A surveyapp.core.celery_worker worker|beat`.

A Celery process has no other place to build the Flask app, so this module does it once, on
import; nothing else imports it. The Flask app must not be called ``app``: Celery takes a
module's ``app`` attribute for its own application before looking for ``celery``.
"""

from __future__ import annotations

from surveyapp import create_app
from surveyapp.core.jobs import celery, settle_heap, use_app_in_worker

flask_app = create_app()
use_app_in_worker(flask_app)

# Importing the task modules registers their tasks with celery.
import surveyapp.dispatch.tasks  # noqa: E402
import surveyapp.insights.tasks  # noqa: E402
import surveyapp.journeys.tasks  # noqa: E402,F401

settle_heap()  # in the parent, before the pool forks

__all__ = ["celery", "flask_app"]

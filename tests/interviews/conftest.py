"""Fixtures shared with the CS pages' tests: staff users and a client logged in per role."""

from tests.auth.conftest import staff  # noqa: F401
from tests.insights.conftest import as_role  # noqa: F401

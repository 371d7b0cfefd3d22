"""Staff users for the auth tests."""

from __future__ import annotations

from typing import Any

import pytest

from surveyapp.auth.operations import create_user
from surveyapp.core.db import db
from tests.conftest import csrf_token_of

PASSWORD = "correct horse battery staple"


@pytest.fixture
def staff(app: Any) -> Any:
    """staff(role) -> the user, created with PASSWORD."""

    def make(role: str, email: str | None = None) -> Any:
        user = create_user(email or f"{role}@example.com", role, PASSWORD)
        db.session.commit()
        return user

    return make


def log_in(client: Any, email: str, password: str = PASSWORD, next_path: str = "") -> Any:
    page = client.get("/login")
    token = csrf_token_of(page.get_data(as_text=True))
    query = f"?next={next_path}" if next_path else ""
    return client.post(
        f"/login{query}", data={"email": email, "password": password, "csrf_token": token}
    )

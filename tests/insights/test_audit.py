"""The audit log: who viewed or exported what, for admins only."""

from __future__ import annotations

import sqlalchemy as sa

from surveyapp.audit.models import AuditEvent
from surveyapp.audit.operations import record_access
from surveyapp.audit.queries import PAGE_SIZE
from surveyapp.core.db import db


def events() -> list[tuple[str, str, str, str | None]]:
    rows = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
    return [(e.user_email, e.action, e.target, e.detail) for e in rows]


def test_views_and_exports_are_recorded(study, as_role) -> None:
    client = as_role("cs")
    account = study[0].external_id
    client.get(f"/accounts/{account}")
    client.get("/accounts?q=acct&health=red")
    client.get("/at-risk")
    client.get("/at-risk.csv?health=red")
    client.get("/overview?segment=smb")
    logged = events()
    me = "cs-viewer@example.com"
    assert logged[0] == (me, "view", f"account {account}", None)
    assert logged[1] == (me, "view", "accounts list", "q=acct&health=red")
    assert logged[2][:3] == (me, "view", "at-risk list")
    assert logged[3][:3] == (me, "export", "at-risk.csv") and "rows=" in (logged[3][3] or "")
    assert logged[4] == (me, "view", "overview", "segment=smb")


def test_failed_requests_record_nothing(study, as_role) -> None:
    client = as_role("cs")
    assert client.get("/accounts/nobody-here").status_code == 404
    assert client.get("/accounts?page=0").status_code == 422
    assert client.get("/admin/audit").status_code == 403
    assert events() == []


def test_admin_reads_filters_and_pages_the_log(study, as_role) -> None:
    for number in range(PAGE_SIZE + 5):
        record_access(None, "someone@example.com", "view", f"account a-{number}")
    record_access(None, "someone@example.com", "export", "at-risk.csv", "rows=3")
    db.session.commit()
    client = as_role("admin")
    page = client.get("/admin/audit").get_data(as_text=True)
    assert "at-risk.csv" in page and "account a-104" in page and "account a-4<" not in page
    older = page.split('href="')[-1].split('"')[0].replace("&amp;", "&")
    assert "before=" in older
    assert "account a-4<" in client.get(older).get_data(as_text=True)
    exports = client.get("/admin/audit?action=export").get_data(as_text=True)
    assert "at-risk.csv" in exports and "account a-1<" not in exports
    assert client.get("/admin/audit?action=delete").status_code == 422

"""The admin's outbox pages: every email with its delivery state, and one email as sent."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, render_template, request

from surveyapp.audit.recorder import audit_requests_of, note
from surveyapp.auth.access import requires_role
from surveyapp.dispatch.admin_forms import KIND_LABELS, STATUS_LABELS, OutboxFilterForm
from surveyapp.dispatch.admin_queries import PAGE_SIZE, outbox_message, outbox_page
from surveyapp.dispatch.queries import outbox_counts

bp = Blueprint("outbox_admin", __name__, template_folder="templates")
audit_requests_of(bp)
LABELS = {"statuses": STATUS_LABELS, "kinds": KIND_LABELS}


@bp.get("/admin/outbox")
@requires_role("admin")
def outbox() -> Any:
    form = OutboxFilterForm(request.args)
    page = {"form": form, "counts": outbox_counts(), **LABELS}
    if not form.validate():
        return render_template("dispatch/admin_outbox.html", messages=[], older=None, **page), 422
    messages = outbox_page(status=form.status.data or None, before_id=form.before.data)
    older = messages[PAGE_SIZE - 1].id if len(messages) > PAGE_SIZE else None
    note("view", "outbox", request.query_string.decode() or None)
    return render_template(
        "dispatch/admin_outbox.html", messages=messages[:PAGE_SIZE], older=older, **page
    )


@bp.get("/admin/outbox/<int:message_id>")
@requires_role("admin")
def message(message_id: int) -> Any:
    found = outbox_message(message_id) or abort(404)
    note("view", f"outbox message {found.id}", found.kind)
    return render_template("dispatch/admin_message.html", message=found, **LABELS)

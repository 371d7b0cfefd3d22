"""The admin's audit log page."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request

from surveyapp.audit.forms import AuditFilterForm
from surveyapp.audit.queries import PAGE_SIZE, audit_page
from surveyapp.auth.access import requires_role

bp = Blueprint("audit", __name__, template_folder="templates")


@bp.get("/admin/audit")
@requires_role("admin")
def log() -> Any:
    form = AuditFilterForm(request.args)
    if not form.validate():
        return render_template("audit/log.html", form=form, events=[], older=None), 422
    events = audit_page(
        user_email=form.user.data, action=form.action.data, before_id=form.before.data
    )
    older = events[PAGE_SIZE - 1].id if len(events) > PAGE_SIZE else None
    return render_template("audit/log.html", form=form, events=events[:PAGE_SIZE], older=older)

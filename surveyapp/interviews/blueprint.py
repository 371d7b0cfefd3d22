"""Recording an interview for an account (researchers and admins)."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user

from surveyapp.auth.access import requires_role
from surveyapp.core.db import start_writing
from surveyapp.insights.queries import account_by_external_id
from surveyapp.interviews import queries
from surveyapp.interviews.forms import InterviewForm
from surveyapp.interviews.links import is_safe_link
from surveyapp.interviews.operations import Recorder, record_interview

bp = Blueprint("interviews", __name__, template_folder="templates")

#: Who may record interviews; cs reads them on the account page.
RECORDERS = ("admin", "researcher")


@bp.route("/accounts/<path:external_id>/interviews/new", methods=["GET", "POST"])
@requires_role(*RECORDERS)
def new_interview(external_id: str) -> Any:
    account = account_by_external_id(external_id) or abort(404)
    contacts = queries.account_contacts(account)
    form = InterviewForm()
    form.offer(contacts, queries.interview_guides())
    if not form.is_submitted():
        form.interviewer.data = current_user.email
    if not form.validate_on_submit():
        status = 422 if form.is_submitted() else 200
        return render_template("interviews/new.html", form=form, account=account), status
    start_writing()
    chosen = {str(contact.id): contact for contact in contacts}.get(form.contact.data or "")
    record_interview(
        account,
        held_on=form.held_on.data,
        interviewer=form.interviewer.data or "",
        link_url=form.link_url.data or "",
        summary=form.summary.data,
        contact=chosen,
        guide_key=form.guide.data or None,
        recorder=Recorder(current_user.id, current_user.email),
    )
    flash(_("The interview is recorded."))
    url = url_for("insights.account", external_id=account.external_id, _anchor="interviews")
    return redirect(url, code=303)


@bp.app_template_filter("safe_link")
def safe_link(url: str | None) -> bool:
    """Whether a stored address may be rendered as a link (http or https only)."""
    return is_safe_link(url)

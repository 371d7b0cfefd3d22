"""The CS pages: accounts, one account's summary, the at-risk list (and CSV), the overview."""

from __future__ import annotations

import time
from typing import Any

from flask import Blueprint, Response, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from surveyapp.audit.blueprint import bp as audit_bp
from surveyapp.audit.recorder import audit_requests_of, note
from surveyapp.auth.access import ALL_STAFF, requires_role
from surveyapp.core.db import start_writing, utcnow
from surveyapp.core.i18n import current_locale
from surveyapp.insights import queries
from surveyapp.insights.account_charts import account_charts
from surveyapp.insights.export import at_risk_csv
from surveyapp.insights.forms import (
    AccountFilterForm,
    AtRiskFilterForm,
    ComputeOverviewForm,
    OverviewFilterForm,
)
from surveyapp.insights.health import row_reason
from surveyapp.insights.listing import AccountRow, account_list, iter_accounts
from surveyapp.insights.operations import compute_scope, save_overview
from surveyapp.insights.overview_charts import overview_charts
from surveyapp.insights.scopes import scope_key
from surveyapp.insights.summary import account_summary
from surveyapp.insights.wording import template_words
from surveyapp.interviews.blueprint import RECORDERS
from surveyapp.interviews.queries import account_interviews

bp = Blueprint("insights", __name__, template_folder="templates")
# The audit log page rides on this blueprint: the app registers one blueprint per feature
# and the audit log is, so far, about these pages.
bp.register_blueprint(audit_bp)
audit_requests_of(bp)


@bp.get("/accounts")
@requires_role(*ALL_STAFF)
def accounts() -> Any:
    form = AccountFilterForm(request.args)
    form.offer(queries.filter_choices(request.args))
    if not form.validate():
        return render_template("insights/accounts.html", form=form, listing=None), 422
    listing = account_list(form.filters(), utcnow())
    note("view", "accounts list", request.query_string.decode())
    return render_template(
        "insights/accounts.html", form=form, listing=listing, refreshed_at=queries.last_refresh()
    )


@bp.get("/accounts/<path:external_id>")
@requires_role(*ALL_STAFF)
def account(external_id: str) -> Any:
    found = queries.account_by_external_id(external_id) or abort(404)
    now = utcnow()
    summary = account_summary(found, current_locale(), now)
    note("view", f"account {found.external_id}")
    return render_template(
        "insights/account.html",
        summary=summary,
        charts=account_charts(summary, now),
        theme=queries.theme_terms(summary.insight.expectation_theme if summary.insight else None),
        titles=queries.survey_titles(current_locale()),
        interviews=account_interviews(found),
        interview_recorders=RECORDERS,
    )


@bp.get("/at-risk")
@requires_role(*ALL_STAFF)
def at_risk() -> Any:
    form = AtRiskFilterForm(request.args)
    form.offer(queries.filter_choices(request.args))
    if not form.validate():
        return render_template("insights/at_risk.html", form=form, listing=None), 422
    listing = account_list(form.filters(), utcnow())
    note("view", "at-risk list", request.query_string.decode())
    return render_template(
        "insights/at_risk.html", form=form, listing=listing, refreshed_at=queries.last_refresh()
    )


@bp.get("/at-risk.csv")
@requires_role(*ALL_STAFF)
def at_risk_export() -> Any:
    form = AtRiskFilterForm(request.args)
    form.offer(queries.filter_choices(request.args))
    if not form.validate():
        abort(422, _("The filters are not valid."))
    now = utcnow()
    text, count = at_risk_csv(iter_accounts(form.filters(), now), now)
    note("export", "at-risk.csv", f"{request.query_string.decode()} rows={count}".strip())
    filename = f"at-risk-{now.date().isoformat()}.csv"
    return Response(
        text,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/overview")
@requires_role(*ALL_STAFF)
def overview() -> Any:
    form = OverviewFilterForm(request.args)
    form.offer({**queries.filter_choices(request.args), "cohort": queries.cohorts()})
    if not form.validate():
        return render_template("insights/overview.html", form=form, snapshot=None), 422
    scope, titles = form.scope(), queries.survey_titles(current_locale())
    snapshot = queries.snapshot(scope_key(scope))
    note("view", "overview", scope_key(scope) or "all accounts")
    return render_template(
        "insights/overview.html",
        form=form,
        snapshot=snapshot,
        charts=overview_charts(snapshot.payload, titles) if snapshot else {},
        compute=ComputeOverviewForm(formdata=None, **scope),
        titles=titles,
        computed_before=queries.last_refresh() is not None,
    )


@bp.post("/overview/compute")
@requires_role(*ALL_STAFF)
def compute_overview() -> Any:
    form = ComputeOverviewForm()
    if not form.validate_on_submit():
        abort(422)
    started, now = time.monotonic(), utcnow()
    payload = compute_scope(form.scope(), now)  # reads: no write lock held meanwhile
    start_writing()
    save_overview(form.scope(), payload, now, time.monotonic() - started)
    return redirect(url_for("insights.overview", **form.scope()), code=303)


bp.context_processor(template_words)


@bp.app_template_filter("account_reason")
def account_reason(row: AccountRow) -> str:
    """Why a listed account has its health, from its stored facts."""
    return row_reason(row.health, row.account.start_at, row.insight, utcnow())

"""Staff login, logout, password change, the staff home and user management."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user

from surveyapp.auth import operations, queries
from surveyapp.auth.access import ALL_STAFF, requires_role
from surveyapp.auth.forms import LoginForm, NewUserForm, PasswordForm, UserChangeForm
from surveyapp.auth.passwords import WeakPassword
from surveyapp.core.i18n import current_locale
from surveyapp.core.ratelimit import limiter

bp = Blueprint("auth", __name__, template_folder="templates")
LOGIN_LIMIT = "10 per minute;50 per hour"


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"])
@limiter.limit(LOGIN_LIMIT, methods=["POST"], key_func=lambda: _login_email())
def login() -> Any:
    form = LoginForm()
    if not form.validate_on_submit():
        return render_template("auth/login.html", form=form), 422 if form.is_submitted() else 200
    user = operations.authenticate(form.email.data or "", form.password.data or "")
    if user is None:
        form.password.errors = [_("Email or password is not correct.")]
        return render_template("auth/login.html", form=form), 401
    user.locale = current_locale()  # the language they read in, for their emails
    login_user(user)
    return redirect(_safe_next(request.args.get("next")), code=303)


@bp.post("/logout")
def logout() -> Any:
    logout_user()
    return redirect(url_for("auth.login"), code=303)


@bp.route("/password", methods=["GET", "POST"])
@requires_role(*ALL_STAFF)
def password() -> Any:
    form = PasswordForm()
    user = current_user._get_current_object()  # the User itself, not the proxy
    if form.validate_on_submit():
        try:
            operations.change_password(user, form.current.data or "", form.new.data or "")
        except (operations.UserError, WeakPassword) as error:
            form.new.errors = [str(error)]
        else:
            login_user(user)  # keep this session; the others end
            flash(_("Your password was changed."))
            return redirect(url_for("auth.home"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template("auth/password.html", form=form), status


@bp.get("/staff")
@requires_role(*ALL_STAFF)
def home() -> str:
    return render_template("auth/home.html")


@bp.route("/admin/users", methods=["GET", "POST"])
@requires_role("admin")
def users() -> Any:
    form = NewUserForm()
    if form.validate_on_submit():
        try:
            user = operations.create_user(
                form.email.data or "", form.role.data, form.password.data or ""
            )
        except (operations.UserError, WeakPassword) as error:
            form.email.errors = [str(error)]
        else:
            flash(_("User %(email)s created.", email=user.email))
            return redirect(url_for("auth.users"), code=303)
    status = 422 if form.is_submitted() else 200
    return render_template(
        "auth/users.html", form=form, users=queries.all_users(), change_form=UserChangeForm
    ), status


@bp.post("/admin/users/<int:user_id>")
@requires_role("admin")
def change_user(user_id: int) -> Any:
    user = queries.user_by_id(user_id) or abort(404)
    form = UserChangeForm()
    if not form.validate_on_submit():
        abort(422)
    if user.id == current_user.id and (form.role.data != "admin" or not form.active.data):
        abort(422, _("You cannot remove your own admin access."))
    operations.change_role(user, form.role.data, active=bool(form.active.data))
    flash(_("User %(email)s updated.", email=user.email))
    return redirect(url_for("auth.users"), code=303)


def _login_email() -> str:
    return "login:" + str(request.form.get("email", "")).strip().lower()[:320]


def _safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to somewhere else."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("auth.home")

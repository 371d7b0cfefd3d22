"""Respondent routes: the survey behind a personal link. Thin: load, check, call, render."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.banks.queries import pinned_bank
from surveyapp.core.db import start_writing, utcnow
from surveyapp.respond import operations, queries
from surveyapp.respond.forms import page_form
from surveyapp.respond.page import SurveyPage, unavailable

bp = Blueprint("respond", __name__, template_folder="templates")
FORM_TYPE = "application/x-www-form-urlencoded"


@bp.before_request
def only_plain_forms() -> None:
    """Survey pages post plain forms; files and other encodings are refused before parsing."""
    if request.method == "POST" and request.mimetype != FORM_TYPE:
        abort(415)


@bp.after_request
def not_cached(response: HttpResponse) -> HttpResponse:
    response.headers["Cache-Control"] = "no-store"  # the pages show a person's answers
    return response


@bp.get("/s/<token>")
def survey_page(token: str) -> str | HttpResponse | tuple[str, int]:
    page = _open(token)
    if page.invitation.opened_at is None:
        start_writing()
        operations.record_opened(page.invitation)
    if page.completed and (not page.editable or "page" not in request.args):
        return page.render_thanks()
    section = page.section_from_args()
    if section is None:
        return redirect(page.url(page.resume_section()))
    form = page_form(page.questions_on(section), page.answers, submitted=False)
    return page.render(section, form)


@bp.post("/s/<token>")
def save_page(token: str) -> HttpResponse | tuple[str, int]:
    page = _open(token)
    section = page.section_from_form()
    if section is None:
        return redirect(page.url(page.resume_section() if page.editable else None), code=303)
    questions = page.questions_on(section)
    form = page_form(questions, submitted=True)
    if not form.validate():
        return page.render(section, form), 422
    start_writing()  # read and valid: now take the write lock, briefly, and look again
    page.reload(lock=True)
    if page.section_from_form() != section or page.questions_on(section) != questions:
        return redirect(page.url(section if page.editable else None), code=303)
    before = page.answers
    response = operations.save_page(
        page.invitation, page.response, section, form.answers(questions), page.locale
    )
    page.reload()
    operations.tidy_after_save(response, page.bank, before, page.answers)
    page.reload()
    following = page.next_section(section)
    if following is not None:
        return redirect(page.url(following), code=303)
    operations.complete(page.invitation, response)
    return redirect(page.url(), code=303)


def _open(token: str) -> SurveyPage:
    invitation = queries.invitation_for_token(token)
    if invitation is None:
        abort(unavailable(404))
    if invitation.revoked_at is not None or not (
        invitation.is_open(utcnow()) or invitation.completed_at is not None
    ):
        abort(unavailable(410))
    return SurveyPage(token, invitation, pinned_bank(invitation.survey.bank_version))

"""Respondent routes: the survey behind a personal link. Thin: load, check, call, render."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request, url_for
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.banks.queries import pinned_bank
from surveyapp.core.db import start_writing, utcnow
from surveyapp.respond import operations, queries
from surveyapp.respond.forms import page_form
from surveyapp.respond.page import SurveyPage, unavailable

bp = Blueprint("respond", __name__, template_folder="templates")


@bp.get("/s/<token>")
def survey_page(token: str) -> str | HttpResponse | tuple[str, int]:
    page = _open(token)
    if page.invitation.opened_at is None:
        start_writing()
        operations.record_opened(page.invitation)
    if page.completed and (not page.survey.allow_edit or "page" not in request.args):
        return page.render_thanks()
    section = page.section_from_args()
    if section is None:
        return redirect(page.url(page.resume_section()))
    form = page_form(page.questions_on(section), page.answers, submitted=False)
    return page.render(section, form)


@bp.post("/s/<token>")
def save_page(token: str) -> HttpResponse | tuple[str, int]:
    page = _open(token)
    if page.completed and not page.survey.allow_edit:
        return redirect(page.url(), code=303)
    section = page.section_from_form()
    if section is None:
        return redirect(page.url(page.resume_section()), code=303)
    questions = page.questions_on(section)
    form = page_form(questions, submitted=True)
    if not form.validate():
        return page.render(section, form), 422
    answers = form.answers(questions)
    start_writing()  # everything is read and valid: now take the write lock, briefly
    response = operations.save_page(page.invitation, page.response, section, answers, page.locale)
    page.saved_page(section, answers)
    following = page.next_section(section)
    if following is not None:
        return redirect(page.url(following), code=303)
    operations.complete(page.invitation, response, page.bank)
    return redirect(page.url(), code=303)


def _open(token: str) -> SurveyPage:
    invitation = queries.invitation_for_token(token)
    if invitation is None:
        abort(unavailable(404))
    if not invitation.is_open(utcnow()) and invitation.completed_at is None:
        abort(unavailable(410))
    return SurveyPage(token, invitation, pinned_bank(invitation.survey.bank_version))


__all__ = ["bp", "url_for"]

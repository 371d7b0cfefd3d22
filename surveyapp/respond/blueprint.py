"""Respondent routes: the survey behind a personal link. Thin: load, check, call, render."""

from __future__ import annotations

from flask import Blueprint, abort, redirect, request
from werkzeug.wrappers import Response as HttpResponse

from surveyapp.banks.queries import pinned_bank_of
from surveyapp.core.db import utcnow
from surveyapp.core.writes import abandon_writes, write_directly
from surveyapp.respond import operations, queries
from surveyapp.respond.forms import page_form, stored_answers
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
    if page.link.opened_at is None:
        write_directly()
        operations.record_opened(page.link.invitation_id)
    if page.completed and (not page.editable or "page" not in request.args):
        return page.render_thanks()
    section = page.section_from_args()
    if section is None:
        return redirect(page.url(page.resume_section()))
    questions = page.questions_on(section)
    return page.render(section, stored_answers(section, questions, page.csrf_scope, page.answers))


@bp.post("/s/<token>")
def save_page(token: str) -> HttpResponse | tuple[str, int]:
    if operations.saves_unchecked():
        # Read once, under the write lock: what is checked below is then still true when
        # it is written.
        write_directly()
        saved = _save(token, checked=False)
    else:
        # Read, decide, and write in one statement only if the response is still as read;
        # if another tab saved meanwhile, read again and decide again.
        for _ in range(CHECKED_TRIES):
            saved = _save(token, checked=True)
            if saved is not None:
                break
    if saved is None:
        abort(409)
    return saved


#: A save that finds the response changed since it read it tries again, up to this many
#: times in all (each time, another save got in first).
CHECKED_TRIES = 50


def _save(token: str, *, checked: bool) -> HttpResponse | tuple[str, int] | None:
    """Save the page posted; None (nothing written) if ``checked`` found the response
    changed since it was read."""
    page = _open(token, lock=not checked, saving=True)
    section = page.section_from_form()
    if section is None:
        return redirect(page.url(page.resume_section() if page.editable else None), code=303)
    questions = page.questions_on(section)
    form = page_form(section, questions, page.csrf_scope, submitted=True)
    if not form.validate():
        abandon_writes()  # nothing to write: let the lock go before rendering
        return page.render(section, form), 422
    invitation_id, before = page.link.invitation_id, page.answers
    values = form.answers(questions)
    page.saved_page(section, values)
    hidden, unsaved = queries.tidied(page.bank, before, page.answers)
    page.forget(hidden, unsaved)
    following = page.next_section(section)
    change = operations.PageChange(
        section, values, page.locale, hidden, unsaved, complete=following is None
    )
    save = operations.save_if_unchanged if checked else operations.save_under_lock
    if not save(invitation_id, page.link.response_version, change):
        return None
    return redirect(page.url(following), code=303)


def _open(token: str, *, lock: bool = False, saving: bool = False) -> SurveyPage:
    opened = queries.open_link(token, lock=lock, saving=saving)
    if opened is None:
        abort(unavailable(404))
    link, answers, saved = opened
    if link.revoked_at is not None or not (link.is_open(utcnow()) or link.completed_at is not None):
        abort(unavailable(410))
    bank = pinned_bank_of(link.bank_version_id, link.bank_digest)
    return SurveyPage(token, link, bank, answers, saved)

"""The respondent's survey: pages, saving, resuming, branching, completing."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from surveyapp.core.db import db, utcnow
from surveyapp.respond.models import Response
from tests.respond.helpers import PAGE_1, PAGE_2, PAGE_3, answers_of, open_page, post_page, state


def test_link_opens_first_page_in_contact_locale(client, create_invitation) -> None:
    invitation, token = create_invitation(locale="fa")
    first = open_page(client, token)
    assert first.status_code == 302
    assert first.headers["Location"].endswith("?page=start")
    page = client.get(first.headers["Location"])
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert 'dir="rtl"' in html and 'lang="fa"' in html
    assert "چه نتیجه‌ای انتظار دارید؟" in html
    assert invitation.opened_at is not None or _opened(invitation.id)


def _opened(invitation_id: int) -> bool:
    from surveyapp.invitations.models import Invitation

    db.session.expire_all()
    return db.session.get(Invitation, invitation_id).opened_at is not None


def test_language_switch_shows_another_bank_locale(client, create_invitation) -> None:
    _, token = create_invitation(locale="en")
    html = open_page(client, token, "start", lang="fa").get_data(as_text=True)
    assert 'dir="rtl"' in html
    assert 'hreflang="en"' in html  # the way back to English


def test_saving_a_page_then_resuming(client, create_invitation) -> None:
    invitation, token = create_invitation()
    saved = post_page(client, token, "start", PAGE_1)
    assert saved.status_code == 303
    assert saved.headers["Location"].endswith("?page=details")
    assert answers_of(invitation.id) == {
        "outcome": "Ship invoices in one day",
        "headline": "Faster billing",
        "reached": {"choice": "yes"},
    }
    resumed = open_page(client, token)
    assert resumed.headers["Location"].endswith("?page=details")
    again = open_page(client, token, "start").get_data(as_text=True)
    assert ">Ship invoices in one day</textarea>" in again
    assert 'value="yes" id="reached-input"\n        checked' in again or "checked" in again


def test_invalid_page_saves_nothing_and_lists_errors(client, create_invitation) -> None:
    _, token = create_invitation()
    before = state()
    response = post_page(client, token, "start", {"headline": "x" * 41, "reached": "maybe"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="error-summary"' in html
    assert 'href="#outcome-input"' in html and "Please answer this question." in html
    assert "Please keep this answer to 40 characters or fewer." in html
    assert "Please choose one of the options shown." in html
    assert state() == before


def test_full_survey_completes_once(client, create_invitation) -> None:
    invitation, token = create_invitation()
    assert post_page(client, token, "start", PAGE_1).status_code == 303
    assert post_page(client, token, "details", PAGE_2).status_code == 303
    done = post_page(client, token, "when", PAGE_3)
    assert done.status_code == 303
    thanks = client.get(done.headers["Location"])
    assert "Thank you!" in thanks.get_data(as_text=True)
    answers = answers_of(invitation.id)
    assert answers["layers"] == {"choices": ["functional", "strategic"]}
    assert answers["quality"] == 4 and answers["recommend"] == 9
    assert answers["timeframe"] == 60 and answers["reached_on"] == "2026-01-15"
    repeat = post_page(client, token, "when", {**PAGE_3, "timeframe": "30"}, csrf=False)
    assert repeat.status_code == 303
    assert answers_of(invitation.id)["timeframe"] == 60
    count = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Response)
        .where(Response.invitation_id == invitation.id)
    )
    assert count == 1


def test_branch_hides_question_and_drops_its_answer(client, create_invitation) -> None:
    invitation, token = create_invitation()
    post_page(client, token, "start", PAGE_1)
    post_page(client, token, "details", PAGE_2)
    html = open_page(client, token, "when").get_data(as_text=True)
    assert 'name="reached_on"' in html
    post_page(client, token, "start", {**PAGE_1, "reached": "no"})
    html = open_page(client, token, "when").get_data(as_text=True)
    assert 'name="reached_on"' not in html
    post_page(client, token, "when", PAGE_3)
    assert "reached_on" not in answers_of(invitation.id)


def test_custom_timeframe_and_other_choice(client, create_invitation) -> None:
    invitation, token = create_invitation()
    post_page(client, token, "start", {**PAGE_1, "reached": "other", "reached-other": "Half"})
    post_page(client, token, "details", {})
    post_page(client, token, "when", {"timeframe": "custom", "timeframe-days": "۴۵"})
    answers = answers_of(invitation.id)
    assert answers["reached"] == {"choice": "other", "other": "Half"}
    assert answers["timeframe"] == 45  # Persian digits are read as numbers


def test_pages_beyond_the_first_unsaved_cannot_be_skipped_to(client, create_invitation) -> None:
    _, token = create_invitation()
    response = open_page(client, token, "when")
    assert response.status_code == 302 and response.headers["Location"].endswith("page=start")
    posted = post_page(client, token, "start", PAGE_1)
    assert posted.status_code == 303
    skipped = client.post(f"/s/{token}", data={"section": "nowhere"})
    assert skipped.status_code == 303 and skipped.headers["Location"].endswith("page=details")


def test_unknown_expired_and_revoked_links_look_the_same(client, create_invitation) -> None:
    expired, expired_token = create_invitation(email="old@example.com")
    expired.expires_at = utcnow() - timedelta(days=1)
    revoked, revoked_token = create_invitation(email="gone@example.com")
    revoked.revoked_at = utcnow()
    db.session.commit()
    unknown = open_page(client, "A" * 32)
    malformed = client.get("/s/%ff%00..")
    gone = [open_page(client, expired_token), open_page(client, revoked_token)]
    assert unknown.status_code == 404 and malformed.status_code == 404
    assert [r.status_code for r in gone] == [410, 410]
    bodies = {r.get_data(as_text=True) for r in [unknown, malformed, *gone]}
    assert len(bodies) == 1
    assert "This link is not available" in bodies.pop()


def test_posting_to_a_bad_link_changes_nothing(client, create_invitation) -> None:
    create_invitation()
    before = state()
    response = client.post("/s/" + "B" * 32, data={"section": "start", **PAGE_1})
    assert response.status_code == 404
    assert state() == before


def test_completed_survey_with_editing_allowed(client, create_invitation, create_survey) -> None:
    survey = create_survey(key="editable", allow_edit=True)
    invitation, token = create_invitation(survey=survey)
    for section, answers in (("start", PAGE_1), ("details", PAGE_2), ("when", PAGE_3)):
        post_page(client, token, section, answers)
    thanks = open_page(client, token).get_data(as_text=True)
    assert "Change my answers" in thanks
    post_page(client, token, "start", {**PAGE_1, "outcome": "Changed my mind"})
    assert answers_of(invitation.id)["outcome"] == "Changed my mind"

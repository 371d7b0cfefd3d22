"""Changing a branching answer later never completes a response with a required gap."""

from __future__ import annotations

from datetime import timedelta

import pytest

from surveyapp.banks.loader import load_file
from surveyapp.core.db import db, utcnow
from surveyapp.invitations.models import Invitation
from tests.conftest import DATA
from tests.respond.helpers import PAGE_1, answers_of, open_page, post_page


@pytest.fixture
def branching(create_survey):
    return create_survey(key="branching", bank=load_file(DATA / "branching.yaml"))


def completed(invitation_id: int) -> bool:
    db.session.expire_all()
    return db.session.get(Invitation, invitation_id).completed_at is not None


def test_newly_required_question_blocks_completion(client, create_invitation, branching):
    invitation, token = create_invitation(survey=branching)
    for section, answers in (("a", {"gate": "no"}), ("b", {}), ("c", {})):
        post_page(client, token, section, answers)
    post_page(client, token, "a", {"gate": "yes"})  # c_req is now shown and required
    finish = post_page(client, token, "d", {"d_text": "done"})
    assert not completed(invitation.id)
    assert finish.headers["Location"].endswith("page=b") or "page=c" in finish.headers["Location"]
    post_page(client, token, "b", {"mid": "y"})
    post_page(client, token, "c", {"c_req": "now answered"})
    post_page(client, token, "d", {"d_text": "done"})
    assert completed(invitation.id)


def test_chained_branch_hides_with_its_source(client, create_invitation, branching):
    invitation, token = create_invitation(survey=branching)
    post_page(client, token, "a", {"gate": "yes"})
    post_page(client, token, "b", {"mid": "x"})
    post_page(client, token, "c", {"c_req": "r", "c_chain": "chained"})
    post_page(client, token, "a", {"gate": "no"})  # hides mid, and so c_chain too
    assert set(answers_of(invitation.id)) == {"gate"}
    html = open_page(client, token, "c").get_data(as_text=True)
    assert 'name="c_chain"' not in html


def test_too_many_choices_is_a_clear_422(client, create_invitation):
    _, token = create_invitation()
    post_page(client, token, "start", PAGE_1)
    response = post_page(
        client, token, "details", {"layers": ["functional", "emotional", "strategic"]}
    )
    assert response.status_code == 422
    assert "Please choose at most 2 options." in response.get_data(as_text=True)


def test_multipart_posts_are_refused(client, create_invitation):
    import io

    _, token = create_invitation()
    response = client.post(
        f"/s/{token}",
        data={"section": "start", "outcome": (io.BytesIO(b"x"), "a.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 415


def test_revoked_after_completion_shows_the_neutral_page(client, create_invitation, create_survey):
    survey = create_survey(key="editable", allow_edit=True)
    invitation, token = create_invitation(survey=survey)
    for section, answers in (("start", PAGE_1), ("details", {}), ("when", {"timeframe": "30"})):
        post_page(client, token, section, answers)
    assert completed(invitation.id)
    db.session.get(Invitation, invitation.id).revoked_at = utcnow()
    db.session.commit()
    assert open_page(client, token, "start").status_code == 410


def test_expired_link_with_editing_allowed_shows_thanks_not_a_form(
    client, create_invitation, create_survey
):
    survey = create_survey(key="editable", allow_edit=True)
    invitation, token = create_invitation(survey=survey)
    for section, answers in (("start", PAGE_1), ("details", {}), ("when", {"timeframe": "30"})):
        post_page(client, token, section, answers)
    db.session.get(Invitation, invitation.id).expires_at = utcnow() - timedelta(days=1)
    db.session.commit()
    page = open_page(client, token, "start").get_data(as_text=True)
    assert "Thank you!" in page and "<form" not in page and "Change my answers" not in page

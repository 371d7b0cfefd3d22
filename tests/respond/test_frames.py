"""Survey pages filled into frames: the same HTML as rendered whole, and nothing of one
respondent in the frame another respondent's page is filled into."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask

from surveyapp.respond import blueprint
from surveyapp.respond.forms import page_form, stored_answers
from surveyapp.respond.frames import Slots, frames
from tests.respond.helpers import open_page, post_page

TRICKY = 'Ship <b>invoices</b> & "quotes" in one day'
PAGES = {
    "start": {"outcome": TRICKY, "headline": "it's <fast>", "reached": "yes"},
    "details": {"layers": ["functional", "strategic"], "quality": "4", "recommend": "0"},
    "when": {"timeframe": "custom", "timeframe-days": "45", "reached_on": "2026-01-15"},
}


def _answer(client: Any, token: str, upto: str) -> None:
    for section, answers in PAGES.items():
        if section == upto:
            return
        assert post_page(client, token, section, answers).status_code == 303


def _both_ways(app: Flask, token: str, section_key: str, lang: str | None) -> tuple[str, str]:
    """The page filled into its frame and rendered whole (after checking that the stored
    answers show as a form bound to them shows them)."""
    query = f"?page={section_key}" + (f"&lang={lang}" if lang else "")
    with app.test_request_context(f"/s/{token}{query}"):
        page = blueprint._open(token)
        section = page.section_from_args()
        assert section is not None
        questions = page.questions_on(section)
        shown = stored_answers(section, questions, page.csrf_scope, page.answers)
        bound = page_form(section, questions, page.csrf_scope, page.answers, submitted=False)
        assert page.render_whole(section, bound) == page.render_whole(section, shown)
        return page.render(section, shown), page.render_whole(section, shown)


@pytest.mark.parametrize("locale", ["en", "fa"])
@pytest.mark.parametrize("lang", [None, "fa", "en"])
def test_a_filled_frame_is_the_page_rendered_whole(
    app: Flask, client: Any, create_invitation: Any, locale: str, lang: str | None
) -> None:
    _, token = create_invitation(locale=locale)
    _answer(client, token, upto="when")
    for section in PAGES:
        filled, whole = _both_ways(app, token, section, lang)
        assert filled == whole
    start = _both_ways(app, token, "start", lang)[0]
    assert TRICKY not in start
    assert "Ship &lt;b&gt;invoices&lt;/b&gt; &amp; &#34;quotes&#34; in one day" in start


def test_a_frame_holds_nothing_of_the_respondent(
    app: Flask, client: Any, create_invitation: Any
) -> None:
    _, first = create_invitation(email="first@example.com")
    _, second = create_invitation(email="second@example.com")
    _answer(client, first, upto="details")
    _answer(client, second, upto="details")  # the same page shape for both
    post_page(client, second, "start", {**PAGES["start"], "outcome": "Another outcome"})
    first_html = open_page(client, first, "start").get_data(as_text=True)
    second_html = open_page(client, second, "start").get_data(as_text=True)

    texts = "".join(text for frame in frames.frames.values() for text in frame.texts)
    assert first not in texts and second not in texts
    assert "invoices" not in texts and "Another outcome" not in texts
    assert "invoices" in first_html and "Another outcome" not in first_html
    assert "Another outcome" in second_html and "invoices" not in second_html
    assert f"/s/{second}" in second_html and f"/s/{first}" not in second_html


def test_a_slot_changed_while_rendering_is_refused() -> None:
    slots = Slots()
    mark = slots.value(type("Field", (), {"name": "outcome"})())
    assert slots.frame(f"<p>{mark}</p>").texts == ["<p>", "</p>"]
    with pytest.raises(ValueError, match="slot"):
        slots.frame(f"<p>{mark.replace(chr(0), '')}</p>")

"""Whatever a customer writes is shown as text on every CS page, never run as HTML."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from surveyapp.accounts.operations import upsert_account
from surveyapp.core.db import db, utcnow
from surveyapp.insights.operations import refresh_insights, save_overview

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)><b>bold</b> & "quotes"'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;"


def test_answers_and_names_are_text_everywhere(study, as_role, answered) -> None:
    account = upsert_account("evil-co", name='<b onmouseover="x()">Evil</b> & Co')
    account.start_at, account.csm_owner = utcnow() - timedelta(days=120), "<i>owner</i>"
    answered(
        account, {"first_outcome": HOSTILE, "success_timeframe": 30, "job_to_be_done": HOSTILE}
    )
    refresh_insights(quick=True)
    db.session.commit()
    client = as_role("cs")
    pages = {
        "list": client.get("/accounts?q=evil"),
        "account": client.get("/accounts/evil-co"),
        "at-risk": client.get("/at-risk?health=red&owner=%3Ci%3Eowner%3C%2Fi%3E"),
    }
    for name, response in pages.items():
        page = response.get_data(as_text=True)
        assert response.status_code == 200, name
        assert "<script>alert" not in page and "<b onmouseover" not in page, name
        assert "&lt;b onmouseover=&#34;x()&#34;&gt;Evil&lt;/b&gt; &amp; Co" in page, name
    assert ESCAPED in pages["account"].get_data(as_text=True)
    assert ESCAPED in pages["at-risk"].get_data(as_text=True)
    text = client.get("/at-risk.csv?health=red").get_data(as_text=True)
    line = next(r for r in csv.DictReader(io.StringIO(text)) if r["account_id"] == "evil-co")
    assert line["expected_outcome"] == HOSTILE  # a CSV holds the words as written


def test_quotes_and_theme_words_in_charts_are_text(study, as_role) -> None:
    now = utcnow()
    payload = {
        "scope": {"segment": "enterprise"},
        "accounts": 1,
        "started": 1,
        "ttfv": None,
        "themes": {
            "answered": 1,
            "set_apart": 0,
            "themes": [
                {
                    "id": 0,
                    "size": 1,
                    "share": 1.0,
                    "terms": ["<svg onload=alert(1)>", "</text>"],
                    "quotes": [HOSTILE],
                    "median_ttfv": None,
                    "reached": 0,
                    "started": 1,
                }
            ],
        },
        "timeframes": [],
        "responses": [
            {"survey": "<x>", "invited": 1, "sent": 1, "opened": 1, "completed": 1, "rate": 1.0}
        ],
        "correlations": [],
    }
    save_overview({"segment": "enterprise"}, payload, now, 0.1)
    db.session.commit()
    page = as_role("cs").get("/overview?segment=enterprise").get_data(as_text=True)
    assert "<svg onload" not in page and "</text>," not in page and "<script>alert" not in page
    assert "&lt;svg onload=alert(1)&gt;, &lt;/text&gt;" in page  # the bar label in the chart
    assert ESCAPED in page and "&lt;x&gt;" in page

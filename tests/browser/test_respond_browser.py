"""A respondent on a phone: answer, leave, come back, finish; in English and in Persian."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.browser.conftest import non_blank_png


def test_answer_leave_resume_finish_in_english(phone: Any, invite: Any, tmp_path: Path) -> None:
    link = invite("emma@example.com", "en")
    page = phone.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "Page 1 of 4" in page.inner_text(".progress-block")

    page.click("button[type=submit]")  # nothing answered: the error summary takes focus
    page.wait_for_selector("#error-summary")
    page.wait_for_function("document.activeElement.id === 'error-summary'")  # deferred script
    page.click("#error-summary a[href='#first_outcome-input']")
    assert page.evaluate("document.activeElement.id") == "first_outcome-input"

    page.fill("#first_outcome-input", "Invoices sent the same day")
    page.click("button[type=submit]")
    page.wait_for_url("**page=job_and_pain")
    page.close()  # the tab is closed half-way

    again = phone.new_page()
    again.goto(link)
    again.wait_for_url("**page=job_and_pain")  # resumes on the first unanswered page
    assert "Page 2 of 4" in again.inner_text(".progress-block")
    again.click("text=Back")
    assert again.input_value("#first_outcome-input") == "Invoices sent the same day"
    again.click("button[type=submit]")
    again.fill("#pain_to_eliminate-input", "Chasing payments by hand")
    again.click("button[type=submit]")
    again.check("#success_timeframe-custom")
    again.fill("#success_timeframe-days", "45")
    again.fill("#success_signal-input", "Our DSO drops below 30 days")
    again.click("button[type=submit]")
    again.wait_for_url("**page=value")
    again.check("#perceived_quality-6")
    again.click("button[type=submit]")
    again.wait_for_selector("text=Thank you!")
    again.screenshot(path=str(tmp_path / "thanks-en.png"), full_page=True)
    assert non_blank_png(tmp_path / "thanks-en.png")

    again.goto(link)  # the used link shows the thank-you page, never the form again
    assert again.locator("form").count() == 0
    assert "Thank you!" in again.inner_text("main")


def test_persian_is_right_to_left_with_mirrored_scales(
    phone: Any, invite: Any, tmp_path: Path
) -> None:
    link = invite("sara@example.com", "fa")
    page = phone.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "fa"
    page.fill("#first_outcome-input", "ارسال فاکتورها در همان روز")
    page.click("button[type=submit]")
    page.wait_for_url("**page=job_and_pain")
    page.close()

    again = phone.new_page()
    again.goto(link)
    again.wait_for_url("**page=job_and_pain")
    again.click("button[type=submit]")
    again.check("#success_timeframe-input")
    again.fill("#success_signal-input", "گزارش‌ها خودکار شوند")
    again.click("button[type=submit]")
    again.wait_for_url("**page=value")
    low = again.locator("label[for=perceived_quality-input]").bounding_box()
    high = again.locator("label[for=perceived_quality-7]").bounding_box()
    assert low["x"] > high["x"]  # 1 sits on the right in a right-to-left page
    again.screenshot(path=str(tmp_path / "value-fa.png"), full_page=True)
    assert non_blank_png(tmp_path / "value-fa.png")
    again.click("button[type=submit]")
    again.wait_for_selector(".thanks")
    assert again.locator("html").get_attribute("dir") == "rtl"


def test_language_switch_and_keyboard_only(phone: Any, invite: Any) -> None:
    link = invite("jan@example.com", "pl")
    page = phone.new_page()
    page.goto(link)
    assert page.locator("html").get_attribute("lang") == "pl"
    page.click("a[hreflang=pt]")
    assert page.locator("html").get_attribute("lang") == "pt"
    page.focus("#first_outcome-input")
    page.keyboard.type("Reduzir o tempo de fechamento")
    page.keyboard.press("Tab")
    page.keyboard.type("Escolhemos pela integração")
    page.locator("button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_url("**page=job_and_pain&lang=pt")  # the chosen language stays in links
    assert page.locator("html").get_attribute("lang") == "pt"
    page.click("text=Voltar")
    assert page.locator("html").get_attribute("lang") == "pt"

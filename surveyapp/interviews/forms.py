"""The form to record an interview (POST, with a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField, StringField, TextAreaField, URLField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from surveyapp.accounts.models import Contact
from surveyapp.interviews.links import MAX_LENGTH, LinkError, check_link
from surveyapp.interviews.operations import INTERVIEWER_MAX, SUMMARY_MAX


def _safe_link(form: FlaskForm, field: Any) -> None:
    try:
        field.data = check_link(field.data or "")
    except LinkError as error:
        raise ValidationError(str(error)) from None


class InterviewForm(FlaskForm):
    held_on = DateField(_l("Date of the interview"), validators=[DataRequired()])
    interviewer = StringField(
        _l("Interviewer"), validators=[DataRequired(), Length(max=INTERVIEWER_MAX)]
    )
    contact = SelectField(_l("Person interviewed"), default="", validate_choice=True)
    guide = SelectField(_l("Interview guide"), default="")
    link_url = URLField(
        _l("Link to the recording or notes"),
        validators=[DataRequired(), Length(max=MAX_LENGTH), _safe_link],
    )
    summary = TextAreaField(_l("Short summary"), validators=[Optional(), Length(max=SUMMARY_MAX)])

    def offer(self, contacts: list[Contact], guides: list[str]) -> None:
        """The account's contacts and the interview guides to choose from."""
        none = SelectChoice("", _l("Not recorded"))
        self.contact.choices = [
            none,
            *(SelectChoice(str(c.id), c.name or c.email or str(c.id)) for c in contacts),
        ]
        self.guide.choices = [none, *(SelectChoice(key, key) for key in guides)]

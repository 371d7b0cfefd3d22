"""The audit log's filter form (a GET form: no CSRF token, nothing changes)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import EmailField, IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    user = EmailField(_l("Staff user"), validators=[Optional(), Length(max=320)])
    action = SelectField(
        _l("Action"),
        default="",
        choices=[
            SelectChoice("", _l("Any")),
            SelectChoice("view", _l("Viewed")),
            SelectChoice("export", _l("Exported")),
            SelectChoice("create", _l("Recorded")),
        ],
    )
    before = IntegerField(validators=[Optional(), NumberRange(min=1)])

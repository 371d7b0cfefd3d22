"""Staff forms: log in, change password, create and change users."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, EqualTo, Length

from surveyapp.auth.models import ROLES
from surveyapp.auth.passwords import MAX_LENGTH

ROLE_CHOICES = [SelectChoice(role, role) for role in ROLES]


class LoginForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=320)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])


class PasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"), validators=[DataRequired()])
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=MAX_LENGTH)])
    repeat = PasswordField(
        _l("New password again"),
        validators=[EqualTo("new", message=_l("The two passwords differ."))],
    )


class NewUserForm(FlaskForm):
    email = EmailField(_l("Email"), validators=[DataRequired(), Length(max=320)])
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    password = PasswordField(
        _l("First password"), validators=[DataRequired(), Length(max=MAX_LENGTH)]
    )


class UserChangeForm(FlaskForm):
    role = SelectField(_l("Role"), choices=ROLE_CHOICES)
    active = BooleanField(_l("Can log in"))

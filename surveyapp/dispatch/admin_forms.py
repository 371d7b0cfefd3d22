"""The outbox page's filter (a GET form: nothing changes) and the words for its values."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional

from surveyapp.dispatch.models import STATUSES

STATUS_LABELS = {
    "pending": _l("Waiting"),
    "sending": _l("Sending"),
    "sent": _l("Sent"),
    "bounced": _l("Bounced"),
    "cancelled": _l("Cancelled"),
    "failed": _l("Failed"),
}
KIND_LABELS = {
    "invitation": _l("Invitation"),
    "reminder": _l("Reminder"),
    "digest": _l("At-risk digest"),
}


class OutboxFilterForm(FlaskForm):
    class Meta:
        csrf = False

    status = SelectField(
        _l("Status"),
        default="",
        choices=[SelectChoice("", _l("Any"))]
        + [SelectChoice(status, STATUS_LABELS[status]) for status in STATUSES],
    )
    before = IntegerField(validators=[Optional(), NumberRange(min=1)])

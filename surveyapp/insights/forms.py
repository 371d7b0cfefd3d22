"""The CS pages' forms: GET filters (nothing changes, no CSRF token) and the compute button."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import HiddenField, IntegerField, SearchField, SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, NumberRange, Optional

from surveyapp.insights.health import AT_RISK, STATUS_LABELS
from surveyapp.insights.labels import SORTS, SURVEY_STATUSES
from surveyapp.insights.listing import AccountFilters
from surveyapp.insights.scopes import Scope, clean_scope

ANY = SelectChoice("", _l("Any"))
MAX_PAGE = 100_000


def choices(labels: Mapping[str, Any]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


class MenuField(SelectField):
    """A filter menu: missing from the query string means "any", not an error."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("default", "")
        super().__init__(*args, **kwargs)


class FilterForm(FlaskForm):
    """A GET form whose menus list the values in use (see ``offer``)."""

    class Meta:
        csrf = False

    def offer(self, choices: dict[str, list[str]]) -> None:
        for name, values in choices.items():
            field = getattr(self, name, None)
            if field is not None:
                field.choices = [ANY, *(SelectChoice(value, value) for value in values)]


class AccountFilterForm(FilterForm):
    q = SearchField(_l("Name or account id"), validators=[Optional(), Length(max=200)])
    segment = MenuField(_l("Segment"), choices=[ANY])
    owner = MenuField(_l("CS owner"), choices=[ANY])
    health = MenuField(_l("Health"), choices=[ANY, *choices(STATUS_LABELS)])
    first_value = MenuField(
        _l("First value"), choices=[ANY, *choices({"yes": _l("Reached"), "no": _l("Not yet")})]
    )
    survey_status = MenuField(_l("Survey status"), choices=[ANY, *choices(SURVEY_STATUSES)])
    sort = MenuField(_l("Sort by"), choices=choices(SORTS), default="name")
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])

    def filters(self) -> AccountFilters:
        return AccountFilters(
            search=(self.q.data or "").strip(),
            segment=self.segment.data or "",
            owner=self.owner.data or "",
            health=self.health.data or "",
            first_value=self.first_value.data or "",
            survey_status=self.survey_status.data or "",
            sort=self.sort.data or "name",
            page=self.page.data or 1,
        )


class AtRiskFilterForm(FilterForm):
    owner = MenuField(_l("CS owner"), choices=[ANY])
    segment = MenuField(_l("Segment"), choices=[ANY])
    health = MenuField(
        _l("Health"),
        choices=choices({"": _l("Red and yellow"), "red": _l("Red"), "yellow": _l("Yellow")}),
    )
    page = IntegerField(validators=[Optional(), NumberRange(min=1, max=MAX_PAGE)])

    def filters(self, page: int | None = None) -> AccountFilters:
        return AccountFilters(
            owner=self.owner.data or "",
            segment=self.segment.data or "",
            health=self.health.data or AT_RISK,
            sort="health",
            page=page or self.page.data or 1,
        )


class OverviewFilterForm(FilterForm):
    segment = MenuField(_l("Segment"), choices=[ANY])
    plan = MenuField(_l("Plan"), choices=[ANY])
    cohort = MenuField(_l("Cohort (start month)"), choices=[ANY])

    def scope(self) -> Scope:
        return clean_scope(
            {"segment": self.segment.data, "plan": self.plan.data, "cohort": self.cohort.data}
        )


class ComputeOverviewForm(FlaskForm):
    """Compute a selection no refresh has computed yet (a combination of filters)."""

    segment = HiddenField(validators=[Length(max=64)])
    plan = HiddenField(validators=[Length(max=64)])
    cohort = HiddenField(validators=[Length(max=7)])

    def scope(self) -> Scope:
        return clean_scope(
            {"segment": self.segment.data, "plan": self.plan.data, "cohort": self.cohort.data}
        )

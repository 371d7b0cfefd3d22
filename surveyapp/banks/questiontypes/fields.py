"""WTForms fields that read a respondent's answer to one question into its stored form."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

from surveyapp.core.i18n import local_number as n
from surveyapp.core.i18n import plural

NEEDS_ANSWER = _l("Please answer this question.")


class AnswerField(Field):
    """Base: ``data`` is the stored value (``None`` when unanswered); parse errors are messages.

    Subclasses read what they need from the whole submitted form (``self.formdata``), since an
    answer with an "other" text or a custom number of days spans two inputs.
    """

    def __init__(
        self,
        label: str = "",
        *,
        required: bool = False,
        options: dict[str, Any] | None = None,
        **field_kwargs: Any,
    ) -> None:
        super().__init__(label, **field_kwargs)
        self.required = required
        self.options = options or {}
        self.formdata: Any = None

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.formdata = formdata
        super().process(formdata, data, extra_filters)

    def process_formdata(self, valuelist: Sequence[str]) -> None:
        self.data = self.parse([v for v in valuelist if isinstance(v, str) and v.strip()])

    def parse(self, values: list[str]) -> Any:
        raise NotImplementedError  # each answer field defines how it reads its inputs

    def extra_value(self, suffix: str) -> str:
        if self.formdata is None:
            return ""
        value = self.formdata.get(f"{self.name}-{suffix}", "")
        return value.strip() if isinstance(value, str) else ""

    def display_values(self) -> list[str]:
        """What the page shows as entered: what was just sent (even if invalid, so nothing
        typed is lost), else the stored answer."""
        if self.formdata is not None:
            return [v for v in self.formdata.getlist(self.name) if isinstance(v, str)]
        return [] if self.data is None else self.stored_values(self.data)

    def display_extra(self, suffix: str) -> str:
        if self.formdata is not None:
            return self.extra_value(suffix)
        return "" if self.data is None else self.stored_extra(self.data, suffix)

    def stored_values(self, data: Any) -> list[str]:
        return [str(data)]

    def stored_extra(self, data: Any, suffix: str) -> str:
        return ""

    def pre_validate(self, form: Any) -> None:
        if self.process_errors:
            raise StopValidation(str(self.process_errors[0]))
        if self.data is None and self.required:
            raise StopValidation(str(NEEDS_ANSWER))

    def _value(self) -> str:
        return "" if self.data is None else str(self.data)


def too_long(limit: int) -> str:
    return _("Please keep this answer to %(limit)s characters or fewer.", limit=n(limit))


class TextAnswerField(AnswerField):
    def parse(self, values: list[str]) -> str | None:
        text = values[0].strip().replace("\r\n", "\n") if values else ""
        if len(text) > self.options["max_length"]:
            raise ValueError(too_long(self.options["max_length"]))
        return text or None


class ChoiceAnswerField(AnswerField):
    def stored_values(self, data: Any) -> list[str]:
        return [data["choice"]]

    def stored_extra(self, data: Any, suffix: str) -> str:
        return str(data.get(suffix, ""))

    def parse(self, values: list[str]) -> dict[str, str] | None:
        if not values:
            return None
        choice = values[0]
        return {"choice": choice, **_checked_choices(self, [choice])}


class MultipleChoiceAnswerField(ChoiceAnswerField):
    def stored_values(self, data: Any) -> list[str]:
        return list(data["choices"])

    def parse(self, values: list[str]) -> dict[str, Any] | None:
        chosen = list(dict.fromkeys(values))
        if not chosen:
            return None
        low, high = self.options.get("min_selected"), self.options.get("max_selected")
        if low and len(chosen) < low:
            raise ValueError(
                plural(
                    "Please choose at least %(num)s option.",
                    "Please choose at least %(num)s options.",
                    low,
                )
            )
        if high and len(chosen) > high:
            raise ValueError(
                plural(
                    "Please choose at most %(num)s option.",
                    "Please choose at most %(num)s options.",
                    high,
                )
            )
        return {"choices": chosen, **_checked_choices(self, chosen)}


def _checked_choices(field: AnswerField, chosen: list[str]) -> dict[str, str]:
    allowed = set(field.options["choice_keys"])
    if field.options["other"]:
        allowed.add("other")
    if not set(chosen) <= allowed:
        raise ValueError(_l("Please choose one of the options shown."))
    if "other" not in chosen:
        return {}
    other = field.extra_value("other")
    if not other:
        raise ValueError(_l("Please describe your answer for “Other”."))
    if len(other) > 500:
        raise ValueError(too_long(500))
    return {"other": other}


class ScaleAnswerField(AnswerField):
    def parse(self, values: list[str]) -> int | None:
        if not values:
            return None
        low, high = self.options["low"], self.options["high"]
        number = _integer(values[0])
        if number is None or not low <= number <= high:
            raise ValueError(
                _("Please choose a number from %(low)s to %(high)s.", low=n(low), high=n(high))
            )
        return number


class TimeframeAnswerField(AnswerField):
    def stored_values(self, data: Any) -> list[str]:
        return [str(data)] if data in self.options["presets"] else ["custom"]

    def stored_extra(self, data: Any, suffix: str) -> str:
        return "" if data in self.options["presets"] else str(data)

    def parse(self, values: list[str]) -> int | None:
        if not values:
            return None
        if values[0] != "custom":
            days = _integer(values[0])
            if days not in self.options["presets"]:
                raise ValueError(_l("Please choose one of the options shown."))
            return days
        days = _integer(self.extra_value("days"))
        if days is None or not 1 <= days <= self.options["max_days"]:
            high = n(self.options["max_days"])
            raise ValueError(_("Please enter a number of days from 1 to %(high)s.", high=high))
        return days


class DateAnswerField(AnswerField):
    def parse(self, values: list[str]) -> str | None:
        if not values:
            return None
        try:
            day = date.fromisoformat(values[0].strip())
        except ValueError:
            raise ValueError(
                _l("Please enter a date as year-month-day (Gregorian calendar).")
            ) from None
        if day.year < 1900:
            raise ValueError(_l("Please enter a date as year-month-day (Gregorian calendar)."))
        if self.options["not_future"] and day > datetime.now(UTC).date():
            raise ValueError(_l("Please enter a date that is not in the future."))
        return day.isoformat()


def _integer(text: str) -> int | None:
    # isdecimal() also accepts Persian and Arabic-Indic digits, which int() reads correctly.
    text = text.strip()
    if not text.isdecimal() or len(text) > 6:
        return None
    return int(text)

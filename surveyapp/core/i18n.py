"""Locales: which language a page is shown in, its text direction, and the gettext catalogs."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, current_app, g, request
from flask_babel import Babel, format_decimal, get_locale, get_translations
from markupsafe import Markup

babel = Babel()

RTL_LANGUAGES = frozenset({"ar", "fa", "he", "ur"})

#: Each locale's name in its own language, for the language switch.
LOCALE_NAMES = {
    "en": "English",
    "pt": "Português",
    "es": "Español",
    "pl": "Polski",
    "fa": "فارسی",
}


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(
        text_direction=text_direction, locale_name=locale_name, current_locale=current_locale
    )
    app.jinja_env.filters["localnum"] = local_number


def select_locale() -> str:
    """The locale a view chose (``g.locale``), else the browser's best supported match."""
    chosen = g.get("locale")
    if chosen:
        return str(chosen)
    supported = current_app.config["LOCALES"]
    return request.accept_languages.best_match(supported) or current_app.config["DEFAULT_LOCALE"]


def use_locale(locale: str) -> None:
    """Show the rest of this request in ``locale``."""
    g.locale = locale


def text_direction(locale: str) -> str:
    return "rtl" if language_of(locale) in RTL_LANGUAGES else "ltr"


def language_of(locale: str) -> str:
    return locale.replace("-", "_").split("_")[0].lower()


def locale_name(locale: str) -> str:
    return LOCALE_NAMES.get(locale, locale)


def current_locale() -> str:
    return str(get_locale() or current_app.config["DEFAULT_LOCALE"])


#: Digits of the numbering systems CLDR gives as default for our locales (fa: arabext).
DIGITS = {"arabext": "۰۱۲۳۴۵۶۷۸۹", "arab": "٠١٢٣٤٥٦٧٨٩"}


def local_number(number: int | float) -> str:
    """``number`` in the page's digits (Persian pages show ۱۲۳, as readers expect)."""
    if type(number) is int and 0 <= number < 1000:
        text = str(number)  # what every CLDR decimal format gives below the first grouping
    else:
        text = str(format_decimal(number))
    locale = get_locale()
    system = locale.default_numbering_system if locale else "latn"
    digits = DIGITS.get(system)
    return text.translate(str.maketrans("0123456789", digits)) if digits else text


def plural(singular: str, plural_form: str, count: int) -> str:
    """The plural form for ``count``, with ``%(num)s`` shown in the page's digits."""
    return str(get_translations().ungettext(singular, plural_form, count)) % {
        "num": local_number(count)
    }


def template_gettext() -> dict[str, Callable[..., Markup]]:
    """``gettext`` and ``ngettext`` bound to this request's catalog, to pass to a template.

    They behave as the ones flask-babel installs (Jinja's newstyle gettext: the text is
    escaped, then formatted with the escaped keyword arguments) without looking the catalog
    up again on every ``_()``: a busy page calls it dozens of times. For HTML templates only,
    and only once the request's locale is chosen (see ``use_locale``).
    """
    translations = get_translations()

    def gettext(string: str, /, **variables: Any) -> Markup:
        return Markup(translations.ugettext(string)) % variables

    def ngettext(singular: str, plural_form: str, count: int, /, **variables: Any) -> Markup:
        variables.setdefault("num", count)
        return Markup(translations.ungettext(singular, plural_form, count)) % variables

    return {"gettext": gettext, "ngettext": ngettext}

"""Check a bank document: the JSON Schema first, then the rules a schema cannot express."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from functools import cache
from importlib import resources
from typing import Any

from babel import Locale, UnknownLocaleError
from flask_wtf import FlaskForm
from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError

from surveyapp.banks.questiontypes import REGISTRY
from surveyapp.core.documents import UNKNOWN_FIELD, Problem, format_path, schema_problem
from surveyapp.core.yamlsource import Path

SUPPORTED_SCHEMA_VERSIONS = (1,)
TRANSLATABLE = frozenset(
    {"title", "description", "text", "help", "label", "min_label", "max_label"}
)


@cache
def bank_schema() -> dict[str, Any]:
    text = resources.files("surveyapp.banks").joinpath("bank.schema.json").read_text("utf-8")
    return json.loads(text)


def validate_document(doc: Any) -> list[Problem]:
    """Every problem in ``doc``; an empty list means the bank can be used."""
    if not isinstance(doc, dict):
        return [Problem((), "a question bank must be a YAML mapping (key: value lines)")]
    version = doc.get("schema_version")
    if version not in SUPPORTED_SCHEMA_VERSIONS:
        supported = ", ".join(map(str, SUPPORTED_SCHEMA_VERSIONS))
        return [
            Problem(
                ("schema_version",),
                f"unknown schema_version {version!r}; this app reads {supported}",
            )
        ]
    validator = Draft202012Validator(bank_schema())
    problems = _without_noise([_from_schema_error(e) for e in validator.iter_errors(doc)])
    if problems:
        return sorted(set(problems), key=lambda p: (len(p.path), format_path(p.path)))
    return list(_check_rules(doc))


def _without_noise(problems: list[Problem]) -> list[Problem]:
    """Drop "unknown field" for questions of an unknown type: the type is the one mistake."""
    untyped = {p.path[:-1] for p in problems if p.message.startswith("unknown question type")}
    return [p for p in problems if not (p.message == UNKNOWN_FIELD and p.path[:-1] in untyped)]


def _from_schema_error(error: ValidationError) -> Problem:
    path: Path = tuple(error.absolute_path)
    if error.validator == "enum" and path and path[-1] == "type":
        known = ", ".join(sorted(REGISTRY))
        return Problem(path, f"unknown question type {error.instance!r} (known: {known})")
    return schema_problem(error)


#: Question keys the respondent's form already uses for itself (its methods, attributes set
#: in __init__, the page form's own helpers, and the hidden inputs).
RESERVED_KEYS = frozenset(
    {name.lower() for name in dir(FlaskForm) if not name.startswith("_")}
    | {"meta", "form_errors", "answers", "section", "lang", "csrf_token"}
)


def _check_rules(doc: Mapping[str, Any]) -> Iterator[Problem]:
    locales = doc["locales"]
    if doc["default_locale"] not in locales:
        yield Problem(("default_locale",), f"{doc['default_locale']!r} is not in locales")
    for i, locale in enumerate(locales):
        try:
            Locale.parse(locale)
        except (ValueError, UnknownLocaleError):
            yield Problem(("locales", i), f"{locale!r} is not a locale this app knows")
    yield from _check_translations(doc, (), set(locales))
    yield from _check_keys(doc)
    for path, question in _questions(doc):
        for sub_path, message in REGISTRY[question["type"]].check(question):
            yield Problem((*path, *sub_path), message)


def _check_translations(node: Any, path: Path, locales: set[str]) -> Iterator[Problem]:
    if isinstance(node, list):
        for i, item in enumerate(node):
            yield from _check_translations(item, (*path, i), locales)
    if not isinstance(node, dict):
        return
    for name, value in node.items():
        if name in TRANSLATABLE and isinstance(value, dict):
            for locale in sorted(locales - value.keys()):
                yield Problem((*path, name), f"missing translation for locale {locale!r}")
            for locale in sorted(value.keys() - locales):
                yield Problem((*path, name, locale), f"locale {locale!r} is not in locales")
        else:
            yield from _check_translations(value, (*path, name), locales)


def _questions(doc: Mapping[str, Any]) -> Iterator[tuple[Path, dict[str, Any]]]:
    for s, section in enumerate(doc["sections"]):
        for q, question in enumerate(section["questions"]):
            yield ("sections", s, "questions", q), question


def _check_keys(doc: Mapping[str, Any]) -> Iterator[Problem]:
    section_keys: set[str] = set()
    earlier: dict[str, dict[str, Any]] = {}
    for s, section in enumerate(doc["sections"]):
        if section["key"] in section_keys:
            yield Problem(("sections", s, "key"), f"duplicate section key {section['key']!r}")
        section_keys.add(section["key"])
        this_section: dict[str, dict[str, Any]] = {}
        for q, question in enumerate(section["questions"]):
            path: Path = ("sections", s, "questions", q)
            key = question["key"]
            if key in earlier or key in this_section:
                yield Problem((*path, "key"), f"duplicate question key {key!r}")
            if key in RESERVED_KEYS:
                yield Problem((*path, "key"), f"{key!r} is reserved by the survey form")
            if "show_if" in question:
                yield from _check_show_if(question["show_if"], (*path, "show_if"), earlier)
            this_section[key] = question
        earlier.update(this_section)


def _check_show_if(
    rule: Mapping[str, Any], path: Path, earlier: Mapping[str, dict[str, Any]]
) -> Iterator[Problem]:
    source = earlier.get(rule["question"])
    if source is None:
        yield Problem(
            (*path, "question"), f"{rule['question']!r} is not a question of an earlier section"
        )
        return
    wanted = rule["in"] if "in" in rule else [rule["equals"]]
    choices = [c["key"] for c in source.get("choices", [])]
    if source.get("other"):
        choices.append("other")
    if choices:
        for value in wanted:
            if value not in choices:
                yield Problem(path, f"{value!r} is not a choice of {rule['question']!r}")
    elif source["type"] in ("short_text", "long_text", "date"):
        yield Problem((*path, "question"), f"show_if cannot depend on a {source['type']} question")
    else:
        low, high = _numeric_range(source)
        for value in wanted:
            if not isinstance(value, int) or not low <= value <= high:
                yield Problem(
                    path,
                    f"{value!r} is not a possible answer of {rule['question']!r} "
                    f"(a whole number from {low} to {high})",
                )


def _numeric_range(question: Mapping[str, Any]) -> tuple[int, int]:
    if question["type"] == "rating":
        return question["scale"]["min"], question["scale"]["max"]
    if question["type"] == "nps":
        return 0, 10
    return 1, question.get("max_days", 3650)

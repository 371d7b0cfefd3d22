"""Bank validation names the file, line and field of every problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from surveyapp.banks.loader import check_file, load_folder
from surveyapp.banks.questiontypes import REGISTRY
from surveyapp.banks.validation import bank_schema

SHIPPED = Path(__file__).parents[2] / "question_banks"
DATA = Path(__file__).parents[1] / "data"
VALID = (DATA / "all-types.yaml").read_text(encoding="utf-8")


def errors_for(tmp_path: Path, text: str) -> list[str]:
    path = tmp_path / "bank.yaml"
    path.write_text(text, encoding="utf-8")
    bank, errors = check_file(path)
    assert (bank is None) == bool(errors)
    return [str(e) for e in errors]


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    lines = text.splitlines()
    hits = [i + 1 for i, line in enumerate(lines) if needle in line]
    return hits[occurrence - 1]


def test_valid_bank_has_no_errors(tmp_path: Path) -> None:
    assert errors_for(tmp_path, VALID) == []


@pytest.mark.parametrize("path", sorted(SHIPPED.glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_banks_are_valid_in_five_locales(path: Path) -> None:
    bank, errors = check_file(path)
    assert errors == []
    assert bank is not None
    assert set(bank.locales) == {"en", "pt", "es", "pl", "fa"}


def test_shipped_value_definition_covers_the_product_constructs() -> None:
    banks = load_folder(SHIPPED)
    constructs = {q.construct for q in banks["value-definition"].questions_by_key.values()}
    assert {
        "expected_outcome",
        "job_to_be_done",
        "success_timeframe",
        "pain",
        "success_signal",
        "value_layer",
        "perceived_quality",
        "perceived_price",
    } <= constructs
    assert {"value-definition", "first-value-checkin", "interview-guide"} <= set(banks)


def test_unknown_question_type_is_named_with_its_line(tmp_path: Path) -> None:
    text = VALID.replace("type: short_text", "type: slider")
    [error] = errors_for(tmp_path, text)
    assert f"bank.yaml:{line_of(text, 'type: slider')}:" in error
    assert "sections[0].questions[1].type" in error
    assert "unknown question type 'slider'" in error


def test_duplicate_yaml_key_is_reported(tmp_path: Path) -> None:
    text = VALID.replace(
        '        required: true\n        text: {en: "What outcome',
        '        required: true\n        required: false\n        text: {en: "What outcome',
    )
    [error] = errors_for(tmp_path, text)
    assert f":{line_of(text, 'required: false')}:" in error
    assert "duplicate key 'required'" in error


def test_duplicate_question_key_is_reported(tmp_path: Path) -> None:
    text = VALID.replace("key: headline", "key: outcome")
    [error] = errors_for(tmp_path, text)
    assert f":{line_of(text, 'key: outcome', 2)}:" in error
    assert "sections[0].questions[1].key: duplicate question key 'outcome'" in error


def test_missing_translation_is_reported(tmp_path: Path) -> None:
    text = VALID.replace('text: {en: "One line", fa: "یک خط"}', 'text: {en: "One line"}')
    [error] = errors_for(tmp_path, text)
    assert f":{line_of(text, 'One line')}:" in error
    assert "questions[1].text: missing translation for locale 'fa'" in error


def test_branch_to_a_later_or_unknown_question_is_reported(tmp_path: Path) -> None:
    text = VALID.replace("show_if: {question: reached,", "show_if: {question: nowhere,")
    [error] = errors_for(tmp_path, text)
    assert "show_if.question: 'nowhere' is not a question of an earlier section" in error
    assert f":{line_of(text, 'question: nowhere')}:" in error


def test_branch_on_an_unknown_choice_is_reported(tmp_path: Path) -> None:
    text = VALID.replace('equals: "yes"', 'equals: "maybe"')
    [error] = errors_for(tmp_path, text)
    assert "'maybe' is not a choice of 'reached'" in error


def test_unknown_schema_version_is_refused(tmp_path: Path) -> None:
    [error] = errors_for(tmp_path, VALID.replace("schema_version: 1", "schema_version: 7"))
    assert "schema_version: unknown schema_version 7" in error


def test_every_error_is_reported_not_just_the_first(tmp_path: Path) -> None:
    text = (
        VALID.replace("type: short_text", "type: slider")
        .replace("construct: value_layer", "construct: happiness")
        .replace('title: {en: "Start"', 'titel: {en: "Start"')
    )
    errors = errors_for(tmp_path, text)
    assert len(errors) == 4, errors  # the type, the construct, and the misspelt title twice
    assert any("happiness" in e for e in errors)
    assert any("titel: unknown field" in e for e in errors)
    assert any("title: required field is missing" in e for e in errors)


def test_yaml_syntax_error_names_the_line(tmp_path: Path) -> None:
    [error] = errors_for(tmp_path, VALID + "\n  - broken: [\n")
    assert "YAML syntax" in error
    assert f":{VALID.count(chr(10)) + 3}:" in error


def test_unquoted_yes_is_caught_as_a_wrong_type(tmp_path: Path) -> None:
    errors = errors_for(tmp_path, VALID.replace('{key: "yes",', "{key: yes,"))
    assert any("choices[0].key: True is not of type 'string'" in e for e in errors)


def test_type_specific_fields_are_checked(tmp_path: Path) -> None:
    errors = errors_for(tmp_path, VALID.replace("max_selected: 2", "max_selected: 9"))
    assert any("max_selected: asks for more options than the 3 offered" in e for e in errors)
    errors = errors_for(tmp_path, VALID.replace("max_length: 40", "scale: 40"))
    assert any("questions[1].scale: unknown field" in e for e in errors)


def test_schema_and_registry_name_the_same_types() -> None:
    schema_types = bank_schema()["$defs"]["question"]["properties"]["type"]["enum"]
    assert sorted(schema_types) == sorted(REGISTRY)


@pytest.mark.parametrize("key", ["section", "lang", "csrf_token", "errors", "validate", "meta"])
def test_keys_the_form_uses_are_reserved(tmp_path: Path, key: str) -> None:
    [error] = errors_for(tmp_path, VALID.replace("key: headline", f"key: {key}"))
    assert f"{key!r} is reserved by the survey form" in error


def test_unknown_locale_is_reported(tmp_path: Path) -> None:
    text = VALID.replace("locales: [en, fa]", "locales: [en, zz]").replace("fa:", "zz:")
    errors = errors_for(tmp_path, text)
    assert any("locales[1]: 'zz' is not a locale this app knows" in e for e in errors)


def test_choice_key_other_is_reserved(tmp_path: Path) -> None:
    errors = errors_for(tmp_path, VALID.replace("{key: functional,", "{key: other,"))
    assert any("'other' is reserved" in e for e in errors)


def test_show_if_on_a_scale_needs_a_possible_number(tmp_path: Path) -> None:
    text = VALID.replace(
        'show_if: {question: reached, equals: "yes"}', 'show_if: {question: recommend, equals: "5"}'
    )
    [error] = errors_for(tmp_path, text)
    assert "'5' is not a possible answer of 'recommend' (a whole number from 0 to 10)" in error
    assert errors_for(tmp_path, text.replace('equals: "5"', "equals: 9")) == []

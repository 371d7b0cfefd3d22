"""Milestone definitions: loaded from YAML, checked like question banks, matched to events."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator

from surveyapp.core.documents import DocumentInvalid, Problem, check_document, schema_problem

DEFAULT_MILESTONES = Path(__file__).with_name("default_milestones.yaml")


@dataclass(frozen=True)
class Milestone:
    key: str
    kind: str
    first_value: bool
    label: Mapping[str, str]
    when: tuple[Mapping[str, Any], ...]

    def matches(self, event: str, properties: Mapping[str, Any]) -> bool:
        """Whether a product event with these properties marks this milestone."""
        return any(
            rule["event"] == event
            and all(properties.get(k) == v for k, v in rule.get("properties", {}).items())
            for rule in self.when
        )


@cache
def milestones_schema() -> dict[str, Any]:
    text = resources.files("surveyapp.events").joinpath("milestones.schema.json").read_text()
    return json.loads(text)  # type: ignore[no-any-return]


def validate_milestones(doc: Any) -> list[Problem]:
    validator = Draft202012Validator(milestones_schema())
    problems = [schema_problem(e) for e in validator.iter_errors(doc)]
    if problems:
        return problems
    seen: set[str] = set()
    for i, milestone in enumerate(doc["milestones"]):
        if milestone["key"] in seen:
            problems.append(
                Problem(("milestones", i, "key"), f"duplicate milestone key {milestone['key']!r}")
            )
        seen.add(milestone["key"])
    if not any(m.get("first_value") for m in doc["milestones"]):
        problems.append(Problem(("milestones",), "no milestone has first_value: true"))
    return problems


def load_milestones(path: Path) -> list[Milestone]:
    """The definitions in ``path``; raises DocumentInvalid naming file, line and field."""
    data, errors = check_document(path, validate_milestones)
    if errors:
        raise DocumentInvalid(errors)
    return [
        Milestone(
            key=m["key"],
            kind=m["kind"],
            first_value=bool(m.get("first_value", False)),
            label=m.get("label", {}),
            when=tuple(m["when"]),
        )
        for m in data["milestones"]
    ]

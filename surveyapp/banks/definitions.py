"""A validated question bank as read-only objects: bank, sections (pages), questions."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from surveyapp.banks.questiontypes.base import QuestionType

Text = Mapping[str, str]


def translate(text: Text | None, locale: str, fallback: str) -> str:
    """The text in ``locale``, else in ``fallback``; banks are validated to have both."""
    if not text:
        return ""
    return text.get(locale) or text.get(fallback) or next(iter(text.values()))


@dataclass(frozen=True)
class Question:
    key: str
    type_name: str
    construct: str
    required: bool
    text: Text
    help: Text | None
    show_if: Mapping[str, Any] | None
    options: Mapping[str, Any]

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Question:
        common = {"key", "type", "construct", "required", "text", "help", "show_if"}
        return cls(
            key=doc["key"],
            type_name=doc["type"],
            construct=doc["construct"],
            required=bool(doc.get("required", False)),
            text=doc["text"],
            help=doc.get("help"),
            show_if=doc.get("show_if"),
            options={name: value for name, value in doc.items() if name not in common},
        )

    @cached_property
    def kind(self) -> QuestionType:
        from surveyapp.banks.questiontypes import get_type

        return get_type(self.type_name)

    def is_shown(self, answers: Mapping[str, Any], bank: Bank) -> bool:
        """Whether ``show_if`` holds for the stored ``answers`` (by question key)."""
        if not self.show_if:
            return True
        source = bank.question(self.show_if["question"])
        stored = answers.get(source.key)
        if stored is None or not source.is_shown(answers, bank):
            return False  # an answer to a question no longer shown shows nothing either
        wanted = self.show_if["in"] if "in" in self.show_if else [self.show_if["equals"]]
        return bool(source.kind.comparable_values(source, stored) & set(wanted))


@dataclass(frozen=True)
class Section:
    key: str
    title: Text
    description: Text | None
    questions: tuple[Question, ...]

    def shown_questions(self, answers: Mapping[str, Any], bank: Bank) -> list[Question]:
        return [q for q in self.questions if q.is_shown(answers, bank)]


@dataclass(frozen=True)
class Bank:
    key: str
    version: int
    kind: str
    locales: tuple[str, ...]
    default_locale: str
    title: Text
    description: Text | None
    allow_edit: bool
    sections: tuple[Section, ...]
    document: Mapping[str, Any] = field(repr=False, compare=False)

    @classmethod
    def from_document(cls, doc: Mapping[str, Any]) -> Bank:
        """Build from a document that has passed validation."""
        return cls(
            key=doc["key"],
            version=doc["version"],
            kind=doc["kind"],
            locales=tuple(doc["locales"]),
            default_locale=doc["default_locale"],
            title=doc["title"],
            description=doc.get("description"),
            allow_edit=bool(doc.get("allow_edit", False)),
            sections=tuple(_section(s) for s in doc["sections"]),
            document=doc,
        )

    @cached_property
    def questions_by_key(self) -> dict[str, Question]:
        return {q.key: q for s in self.sections for q in s.questions}

    def question(self, key: str) -> Question:
        return self.questions_by_key[key]

    def pick_locale(self, wanted: str | None) -> str:
        """``wanted`` if the bank has it (or its language), else the bank's default."""
        if wanted in self.locales:
            return wanted
        language = (wanted or "").replace("-", "_").split("_")[0].lower()
        return next(
            (loc for loc in self.locales if loc.split("_")[0] == language), self.default_locale
        )

    def shown_sections(self, answers: Mapping[str, Any]) -> list[Section]:
        """Sections (pages) with at least one question shown, given the answers so far."""
        return [s for s in self.sections if s.shown_questions(answers, self)]


def _section(doc: Mapping[str, Any]) -> Section:
    return Section(
        key=doc["key"],
        title=doc["title"],
        description=doc.get("description"),
        questions=tuple(Question.from_document(q) for q in doc["questions"]),
    )

"""Survey pages rendered once per page shape, with the respondent's parts left open.

A survey page is mostly the same for everyone who sees the same page of the same pinned
bank in the same language: titles, questions, help, choices, progress and navigation.
What belongs to one respondent is little: the link's path, the form's CSRF token, the
answers shown in the fields (and today's date, for a date field's limit). Templates write
those through a ``fill`` object (see :class:`Fill`) instead of reading them from the page
or the form. Rendered with :class:`Slots` as ``fill`` and a path that is itself a slot, a
page becomes a :class:`Frame`: its text cut at the slots, kept per page shape; each request
then only computes and escapes its own values into the slots. Rendered with a
:class:`Fill`, the same templates give the same page directly: pages with errors are
rendered so, and the tests check that both ways give the same HTML.
"""

from __future__ import annotations

import re
import secrets
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date
from typing import Any

from markupsafe import Markup, escape

CHECKED = Markup(" checked")
NOT_CHECKED = Markup("")


class Fill:
    """The respondent's values, as templates write them (escaped by the template)."""

    def __init__(self, form: Any) -> None:
        self.form = form

    def value(self, field: Any) -> str:
        """The field's (first) value as entered or stored, for a text-like input."""
        return (self.form[field.name].display_values() or [""])[0]

    def checked(self, field: Any, value: str) -> Markup:
        """`` checked`` if ``value`` is among the field's values, for a radio or checkbox."""
        return CHECKED if value in self.form[field.name].display_values() else NOT_CHECKED

    def extra(self, field: Any, suffix: str) -> str:
        """The field's extra input (an "other" text, a custom number of days)."""
        return str(self.form[field.name].display_extra(suffix))

    def csrf(self) -> str:
        return str(self.form.csrf_token.current_token)

    def today(self) -> str:
        return date.today().isoformat()


class Slots:
    """A ``fill`` that writes a mark for each value and notes how to compute it later."""

    def __init__(self) -> None:
        self.nonce = secrets.token_hex(8)  # bank texts cannot forge a slot mark
        self.wanted: list[tuple[str, tuple[Any, ...]]] = []

    def slot(self, name: str, *args: Any) -> Markup:
        self.wanted.append((name, args))
        return Markup(f"\0{self.nonce}:{len(self.wanted) - 1}\0")

    def value(self, field: Any) -> Markup:
        return self.slot("value", field)

    def checked(self, field: Any, value: str) -> Markup:
        return self.slot("checked", field, value)

    def extra(self, field: Any, suffix: str) -> Markup:
        return self.slot("extra", field, suffix)

    def csrf(self) -> Markup:
        return self.slot("csrf")

    def today(self) -> Markup:
        return self.slot("today")

    def path(self) -> Markup:
        return self.slot("path")

    def frame(self, html: str) -> Frame:
        parts = re.split(f"\0{self.nonce}:(\\d+)\0", html)
        texts = parts[0::2]
        if any(self.nonce in text for text in texts):  # a mark changed, e.g. by a filter
            raise ValueError("a slot of a survey page was not written as it was given")
        return Frame(texts, [self.wanted[int(index)] for index in parts[1::2]])


class Frame:
    """A page's fixed text cut at its slots: ``texts[0] slot texts[1] slot ... texts[-1]``."""

    def __init__(self, texts: list[str], slots: list[tuple[str, tuple[Any, ...]]]) -> None:
        self.texts = texts
        self.slots = slots

    def fill(self, fill: Fill, path: str) -> str:
        out = [self.texts[0]]
        for (name, args), text in zip(self.slots, self.texts[1:], strict=True):
            value = path if name == "path" else getattr(fill, name)(*args)
            out.append(escape(value))
            out.append(text)
        return "".join(out)


class FieldShape:
    """What a frame may know of a field: its name and options, never its values."""

    errors: tuple[str, ...] = ()

    def __init__(self, field: Any) -> None:
        self.name = field.name
        self.options = field.options


class FormShape:
    """What a frame may know of a form without errors: its fields' shapes."""

    errors: dict[str, Any] = {}

    def __init__(self, form: Any, keys: list[str]) -> None:
        self.fields = {key: FieldShape(form[key]) for key in keys}

    def __getitem__(self, key: str) -> FieldShape:
        return self.fields[key]


class FrameCache:
    """The most recently used frames by page shape; a process keeps at most ``size``."""

    def __init__(self, size: int = 512) -> None:
        self.size = size
        self.frames: OrderedDict[Hashable, Frame] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, shape: Hashable, render: Callable[[Slots], str]) -> Frame:
        with self.lock:
            frame = self.frames.get(shape)
            if frame is not None:
                self.frames.move_to_end(shape)
                return frame
        slots = Slots()
        frame = slots.frame(render(slots))
        with self.lock:
            self.frames[shape] = frame
            if len(self.frames) > self.size:
                self.frames.popitem(last=False)
        return frame


frames = FrameCache()

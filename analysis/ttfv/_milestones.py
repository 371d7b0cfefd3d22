"""Which milestone definitions count as first value."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any


def first_value_keys(definitions: Sequence[Mapping[str, Any]]) -> list[str]:
    """Keys of the milestone definitions marked ``first_value: true``.

    Parameters
    ----------
    definitions : sequence of mapping
        Milestone definitions as loaded from YAML: each with ``key`` (str), optional
        ``kind`` ("functional" or "customer") and ``first_value`` (bool, default False).

    Returns
    -------
    list of str

    Raises
    ------
    ValueError
        Naming the position of a malformed definition, or if none counts as first value.
    """
    keys = []
    for position, definition in enumerate(definitions):
        if not isinstance(definition, Mapping) or not isinstance(definition.get("key"), str):
            raise ValueError(f"milestone #{position + 1} needs a string 'key'")
        flag = definition.get("first_value", False)
        if not isinstance(flag, bool):
            raise ValueError(f"milestone {definition['key']!r}: first_value must be true or false")
        kind = definition.get("kind", "customer")
        if kind not in ("functional", "customer"):
            raise ValueError(
                f"milestone {definition['key']!r}: kind must be functional or customer"
            )
        if flag:
            keys.append(definition["key"])
    if not keys:
        raise ValueError("no milestone has first_value: true")
    return keys

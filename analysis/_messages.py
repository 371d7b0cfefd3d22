"""One-time notices about optional resources (a stemmer, a detector, an embeddings model)."""

from __future__ import annotations

import warnings

_already_said: set[str] = set()


class ResourceUnavailableWarning(UserWarning):
    """An optional resource is absent; the analysis carries on without it."""


def warn_once(message: str) -> None:
    """Emit ``message`` as a :class:`ResourceUnavailableWarning` once per process."""
    if message in _already_said:
        return
    _already_said.add(message)
    warnings.warn(message, ResourceUnavailableWarning, stacklevel=3)

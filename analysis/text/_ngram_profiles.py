"""Deterministic character n-gram scoring with the language profiles shipped in langdetect."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import cache
from importlib import resources

import numpy as np

_NOT_LETTERS = re.compile(r"[\W\d_]+")
# Floor added to every n-gram probability: unseen n-grams cost the same in every language.
_SMOOTHING = 1e-5


@cache
def _log_probabilities(languages: tuple[str, ...]) -> dict[str, np.ndarray] | None:
    try:
        profiles = resources.files("langdetect") / "profiles"
        loaded = [json.loads((profiles / code).read_text(encoding="utf-8")) for code in languages]
    except (ModuleNotFoundError, FileNotFoundError):
        return None
    grams = sorted(set().union(*(profile["freq"] for profile in loaded)))
    table = np.zeros((len(grams), len(languages)))
    for column, profile in enumerate(loaded):
        for row, gram in enumerate(grams):
            count = profile["freq"].get(gram, 0)
            table[row, column] = count / profile["n_words"][len(gram) - 1]
    logs = np.log(table + _SMOOTHING)
    return {gram: logs[row] for row, gram in enumerate(grams)}


def profiles_available() -> bool:
    """Whether langdetect (whose profiles :func:`profile_language` reads) is installed."""
    return _log_probabilities(("en",)) is not None


def _ngrams(text: str) -> list[str]:
    padded = f" {_NOT_LETTERS.sub(' ', text).strip()} "
    grams = [c for c in padded if c != " "]
    for size in (2, 3):
        grams += [padded[i : i + size] for i in range(len(padded) - size + 1)]
    return grams


def profile_scores(text: str, languages: Sequence[str]) -> np.ndarray | None:
    """Log-likelihood of ``text`` under each language's langdetect n-gram profile.

    langdetect itself samples n-grams at random in several trials (about a millisecond an
    answer); this sums the log-probabilities of every 1–3-gram once, which is deterministic
    and far faster on short answers.

    Returns
    -------
    ndarray of shape (len(languages),) or None
        None when langdetect is not installed or ``text`` has no known n-gram.
    """
    logs = _log_probabilities(tuple(languages))
    if logs is None:
        return None
    known = [logs[gram] for gram in _ngrams(text) if gram in logs]
    return np.sum(known, axis=0) if known else None

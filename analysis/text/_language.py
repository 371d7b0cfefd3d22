"""Per-answer language detection restricted to the languages FirstValue ships.

Three cheap steps, each deciding only what it can decide safely: the script (Arabic script
→ Persian), then letters and stop words peculiar to one language, then a deterministic
character n-gram score against langdetect's profiles for the rest. Each distinct answer
(after normalisation) is detected once.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

import numpy as np

from .._messages import warn_once
from .._validation import check_choice
from ._ngram_profiles import profile_scores, profiles_available
from ._normalize import has_arabic_script, normalize_text, tokenize

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "pt", "es", "pl", "fa")
# Letters that only one of the Latin-script languages uses.
_MARKER_LETTERS = {"pl": set("ąęłńśźżć"), "pt": set("ãõçâêô"), "es": set("ñ¿¡")}
_MARKER_WEIGHT = 2.0
# The leader must be ahead by this many stop words (shared ones split) to decide alone;
# otherwise each stop word still adds this much log-likelihood to the n-gram score.
_STOP_WORD_MARGIN = 1.5
_STOP_WORD_WEIGHT = 4.0


@cache
def _stop_word_owners(languages: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    from ._prepare import stop_words  # _prepare imports this module

    owners: dict[str, list[str]] = {}
    for code in languages:
        for word in stop_words(code):
            owners.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in owners.items()}


def _stop_word_scores(text: str, languages: tuple[str, ...]) -> np.ndarray:
    scores = np.zeros(len(languages))
    owners = _stop_word_owners(languages)
    for token in tokenize(text):
        for code in owners.get(token, ()):
            scores[languages.index(code)] += 1.0 / len(owners[token])
    letters = set(text)
    for code, markers in _MARKER_LETTERS.items():
        if code in languages and letters & markers:
            scores[languages.index(code)] += _MARKER_WEIGHT
    return scores


def _detect_one(text: str, languages: tuple[str, ...], default: str) -> str:
    if "fa" in languages and has_arabic_script(text):
        return "fa"  # n-gram detectors confuse short Persian with Arabic or Urdu
    latin = tuple(code for code in languages if code != "fa")
    if not latin or not any(character.isalpha() for character in text):
        return default
    if len(latin) == 1:
        return latin[0]
    scores = _stop_word_scores(text, latin)
    leader, runner_up = np.sort(scores)[::-1][:2]
    if leader - runner_up < _STOP_WORD_MARGIN:
        likelihood = profile_scores(text, latin)
        if likelihood is None and leader == runner_up:
            return default
        if likelihood is not None:
            scores = likelihood + _STOP_WORD_WEIGHT * scores
    return latin[int(np.argmax(scores))]


def detect_languages(
    texts: Sequence[str],
    *,
    languages: Sequence[str] = SUPPORTED_LANGUAGES,
    default: str = "en",
    seed: int = 0,
) -> list[str]:
    """Detect the language of each answer, choosing among ``languages``.

    Parameters
    ----------
    texts : sequence of str
        The answers.
    languages : sequence of str, default=SUPPORTED_LANGUAGES
        ISO 639-1 codes the answer may be in; detection never returns anything else.
    default : str, default="en"
        Returned for answers with no letters or with nothing to tell the languages apart.
        Without langdetect installed (said once) only script, letters and stop words decide.
    seed : int, default=0
        Kept for compatibility: detection no longer samples, so it is the same for any seed.

    Returns
    -------
    list of str
        One language code per answer.
    """
    for code in languages:
        check_choice("languages", code, SUPPORTED_LANGUAGES)
    check_choice("default", default, languages)
    allowed = tuple(languages)
    if not profiles_available():
        warn_once("langdetect is not installed: languages are told apart by stop words only")
    found: dict[str, str] = {}
    detected = []
    for text in texts:
        key = normalize_text(text)
        if key not in found:
            found[key] = _detect_one(key, allowed, default)
        detected.append(found[key])
    return detected

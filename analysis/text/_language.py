"""Per-answer language detection restricted to the languages FirstValue ships."""

from __future__ import annotations

from collections.abc import Sequence

from .._messages import warn_once
from .._validation import check_choice
from ._normalize import has_arabic_script

SUPPORTED_LANGUAGES: tuple[str, ...] = ("en", "pt", "es", "pl", "fa")


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
        Returned for answers with no letters, or when :mod:`langdetect` is not installed
        (said once, then carried on).
    seed : int, default=0
        Seed of langdetect's sampling, so that detection is repeatable.

    Returns
    -------
    list of str
        One language code per answer.
    """
    for code in languages:
        check_choice("languages", code, SUPPORTED_LANGUAGES)
    check_choice("default", default, languages)
    try:
        from langdetect import DetectorFactory, detect_langs
        from langdetect.lang_detect_exception import LangDetectException
    except ImportError:
        warn_once(f"langdetect is not installed: every answer is treated as {default!r}")
        return [default for _ in texts]
    DetectorFactory.seed = seed
    detected = []
    for text in texts:
        if "fa" in languages and has_arabic_script(text):
            detected.append("fa")  # langdetect confuses short Persian with Arabic or Urdu
            continue
        try:
            ranked = detect_langs(text)
        except LangDetectException:
            ranked = []
        codes = [candidate.lang for candidate in ranked if candidate.lang in languages]
        detected.append(codes[0] if codes else default)
    return detected

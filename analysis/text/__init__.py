"""Preparing short open answers: normalisation, tokens, stop words, stems, languages."""

from ._language import SUPPORTED_LANGUAGES, detect_languages
from ._normalize import normalize_text, tokenize
from ._prepare import PreparedAnswers, prepare_answers, stop_words

__all__ = [
    "SUPPORTED_LANGUAGES",
    "PreparedAnswers",
    "detect_languages",
    "normalize_text",
    "prepare_answers",
    "stop_words",
    "tokenize",
]

"""Tokens, stop words and Snowball stems for answers in en, pt, es, pl and fa, offline."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache

from .._messages import warn_once
from .._validation import check_choice
from ._language import SUPPORTED_LANGUAGES, detect_languages
from ._normalize import normalize_text, tokenize

_SNOWBALL_NAMES = {
    "en": "english",
    "pt": "portuguese",
    "es": "spanish",
    "pl": "polish",
    "fa": "persian",
}


@dataclass(frozen=True)
class PreparedAnswers:
    """Answers after preparation, aligned with the input order.

    Attributes
    ----------
    languages : list of str
        Language code of each answer (given or detected).
    tokens : list of list of str
        All word tokens, normalised (case-folded, Persian letters unified).
    stems : list of list of str
        Snowball stems of all tokens (stop words kept: they carry intent, "how", "why").
    content : list of list of str
        Tokens that are not stop words and not bare numbers: what a label may show.
    """

    languages: list[str]
    tokens: list[list[str]]
    stems: list[list[str]]
    content: list[list[str]]


@cache
def stop_words(language: str) -> frozenset[str]:
    """Stop words of ``language`` from the ``stop-words`` package, normalised."""
    check_choice("language", language, SUPPORTED_LANGUAGES)
    try:
        from stop_words import get_stop_words
    except ImportError:
        warn_once("the stop-words package is not installed: no stop words are removed")
        return frozenset()
    return frozenset(normalize_text(word) for word in get_stop_words(language))


@cache
def _stemmer(language: str) -> Callable[[str], str]:
    # NLTK's Snowball covers en/pt/es offline; pl and fa come from snowballstemmer.
    if language in ("en", "pt", "es"):
        from nltk.stem.snowball import SnowballStemmer

        return cache(SnowballStemmer(_SNOWBALL_NAMES[language]).stem)
    try:
        import snowballstemmer
    except ImportError:
        warn_once(f"snowballstemmer is not installed: {language!r} answers are not stemmed")
        return str
    return cache(snowballstemmer.stemmer(_SNOWBALL_NAMES[language]).stemWord)


def prepare_answers(
    texts: Sequence[str],
    language: str | Sequence[str] = "auto",
    *,
    seed: int = 0,
) -> PreparedAnswers:
    """Tokenise, remove stop words from and stem each answer in its own language.

    Parameters
    ----------
    texts : sequence of str
        The answers; missing values should be passed as empty strings.
    language : {"auto", "en", "pt", "es", "pl", "fa"} or sequence of those, default="auto"
        One language for all answers, one per answer, or ``"auto"`` to detect each.
    seed : int, default=0
        Seed of the language detector.

    Returns
    -------
    PreparedAnswers
    """
    if isinstance(language, str):
        check_choice("language", language, ("auto", *SUPPORTED_LANGUAGES))
        languages = (
            detect_languages(texts, seed=seed) if language == "auto" else [language] * len(texts)
        )
    else:
        languages = [check_choice("language", code, SUPPORTED_LANGUAGES) for code in language]
        if len(languages) != len(texts):
            raise ValueError(f"got {len(languages)} languages for {len(texts)} answers")
    prepared: dict[tuple[str, str], tuple[list[str], list[str], list[str]]] = {}
    for key in zip(texts, languages, strict=True):
        if key not in prepared:  # survey answers repeat ("ok", "reports"): prepare each once
            prepared[key] = _prepare_one(*key)
    rows = [prepared[key] for key in zip(texts, languages, strict=True)]
    return PreparedAnswers(
        languages,
        [row[0] for row in rows],
        [row[1] for row in rows],
        [row[2] for row in rows],
    )


def _prepare_one(text: str, language: str) -> tuple[list[str], list[str], list[str]]:
    tokens = tokenize(text)
    stems = list(map(_stemmer(language), tokens))
    stops = stop_words(language)
    content = [word for word in tokens if word not in stops and not word.isdigit()]
    return tokens, stems, content

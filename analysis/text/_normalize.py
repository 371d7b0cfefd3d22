"""Script-aware normalisation and tokenisation of short answers (Latin and Persian script)."""

from __future__ import annotations

import re
import unicodedata

# Arabic code points that Persian keyboards often produce instead of the Persian letters.
_PERSIAN_FORMS = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ۀ": "ه"})
_ZERO_WIDTH = re.compile("[\u200c\u200d\u200e\u200f\u0640]")  # ZWNJ, ZWJ, marks, tatweel
_DIACRITICS = re.compile("[\u064b-\u065f\u0670]")  # Arabic-script harakat
# Words of any script (with inner apostrophes: "don't") and numbers. The same pattern as an
# NLTK RegexpTokenizer, run with the standard re module: NLTK 3.10 sends every match through
# a timeout-guarded `regex` call, which made tokenising 100,000 answers take 25 s instead of 2.
_TOKEN = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*|\d+")
_ARABIC_SCRIPT = re.compile("[\u0600-\u06ff]")


def normalize_text(text: str) -> str:
    """Return ``text`` case-folded, NFKC-normalised and with Persian letter forms unified.

    The zero-width non-joiner of Persian compounds (``کتاب‌ها``) is removed so that the
    Snowball Persian stemmer sees the word it expects.
    """
    text = unicodedata.normalize("NFKC", str(text)).casefold()
    text = text.translate(_PERSIAN_FORMS)
    return _DIACRITICS.sub("", _ZERO_WIDTH.sub("", text))


def tokenize(text: str) -> list[str]:
    """Split normalised ``text`` into word and number tokens (any script)."""
    return _TOKEN.findall(normalize_text(text))


def has_arabic_script(text: str) -> bool:
    """Whether ``text`` contains Arabic-script letters (Persian answers)."""
    return bool(_ARABIC_SCRIPT.search(text))

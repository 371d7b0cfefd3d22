"""TF-IDF of stemmed words, bigrams and character n-grams, reduced by LSA to unit vectors."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import scipy.sparse as sp
from sklearn.decomposition import TruncatedSVD
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.preprocessing import normalize

from .._validation import check_int
from ..text import normalize_text


def _identity(tokens: list[str]) -> list[str]:
    return tokens


def _with_bigrams(stems: list[str]) -> list[str]:
    return stems + [f"{first} {second}" for first, second in zip(stems, stems[1:], strict=False)]


def tfidf_lsa_features(
    texts: Sequence[str],
    stems: Sequence[list[str]],
    *,
    n_components: int = 200,
    min_df: int = 2,
    random_state: int = 0,
) -> np.ndarray:
    """Embed answers as L2-normalised LSA vectors of word and character TF-IDF.

    Two sublinear TF-IDF blocks are stacked with equal weight: stemmed words with their
    bigrams, and character 3–5-grams inside word boundaries (robust to typos, inflection
    and scripts without a stemmer). Truncated SVD then keeps ``n_components`` dimensions.

    Parameters
    ----------
    texts : sequence of str
        Raw answers (used for the character n-grams).
    stems : sequence of list of str
        Stemmed tokens of each answer, aligned with ``texts``.
    n_components : int, default=200
        LSA dimensions; capped at the number of answers and features minus one.
    min_df : int, default=2
        Terms in fewer answers are dropped (falls back to 1 for tiny inputs).
    random_state : int, default=0
        Seed of the randomised SVD.

    Returns
    -------
    ndarray of shape (n_answers, n_dimensions)
    """
    check_int("n_components", n_components, minimum=1)
    check_int("min_df", min_df, minimum=1)
    if len(texts) != len(stems):
        raise ValueError(f"got {len(stems)} stem lists for {len(texts)} answers")
    min_df = min_df if len(texts) >= 20 * min_df else 1
    words = TfidfVectorizer(
        analyzer=_identity, sublinear_tf=True, min_df=min_df, dtype=np.float32
    ).fit_transform([_with_bigrams(list(s)) for s in stems])
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        sublinear_tf=True,
        min_df=min_df,
        preprocessor=normalize_text,
        dtype=np.float32,
    ).fit_transform(texts)
    matrix = sp.hstack([words, chars]).tocsr()
    dimensions = min(n_components, matrix.shape[0] - 1, matrix.shape[1] - 1)
    if dimensions < 2:
        return np.asarray(normalize(matrix).toarray(), dtype=np.float64)
    svd = TruncatedSVD(dimensions, algorithm="randomized", n_iter=5, random_state=random_state)
    reduced = svd.fit_transform(matrix)
    return np.asarray(normalize(reduced), dtype=np.float64)

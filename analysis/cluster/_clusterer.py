"""AnswerClusterer: themes in short open answers, with labels, quotes and set-apart answers."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClusterMixin

from .._messages import warn_once
from .._validation import check_choice, check_int
from ..text import SUPPORTED_LANGUAGES, prepare_answers
from ._embeddings import EmbeddingsUnavailableError, embed_answers, reduce_embeddings
from ._labels import cluster_terms, representative_answers
from ._partition import partition
from ._select_k import choose_n_clusters
from ._tfidf import tfidf_lsa_features

BACKENDS = ("tfidf", "embeddings")
#: k-means starts in the 5-dimensional UMAP space, where they are cheap: on banking77 train
#: draws 50 starts gave NMI 0.8308 against 0.8295 for 10 (3 draws x 3 seeds)
UMAP_KMEANS_STARTS = 50
#: Weight of the (unit-length) TF-IDF LSA vector appended to each unit-length sentence
#: embedding before UMAP: the words an answer shares with others (card, top up, PIN) add what
#: the sentence model blurs; chosen on banking77 train draws (see analysis/README.md)
TFIDF_WEIGHT = 0.5
ALGORITHMS = ("spectral", "kmeans", "agglomerative")


def default_k_range(n_answers: int) -> tuple[int, int]:
    """Bounds for automatic k: 2 to n/20 (at least 10, at most 150), below ``n_answers``."""
    high = max(min(10, n_answers - 1), min(150, n_answers // 20))
    return 2, max(2, high)


class AnswerClusterer(ClusterMixin, BaseEstimator):  # type: ignore[misc]
    """Group short open answers into themes and describe each theme.

    Parameters
    ----------
    n_clusters : int or "auto", default="auto"
        Number of themes; ``"auto"`` picks it within ``k_range`` (see
        :func:`choose_n_clusters`).
    k_range : tuple of int, optional
        Bounds for ``"auto"``; by default :func:`default_k_range` of the answers kept.
    language : {"auto", "en", "pt", "es", "pl", "fa"}, default="auto"
        Language of the answers, or detect it per answer.
    backend : {"tfidf", "embeddings"}, default="tfidf"
        Answer vectors: word + character TF-IDF reduced by LSA, or all-MiniLM-L6-v2 sentence
        embeddings (optional packages; without them a one-time warning and TF-IDF), each
        joined by its TF-IDF LSA vector at half weight and reduced to 5 dimensions by UMAP,
        where ``"spectral"`` means k-means (UMAP's graph did that step); automatic k and
        quotes still use the embeddings alone.
    algorithm : {"spectral", "kmeans", "agglomerative"}, default="spectral"
        Spectral clustering of the k-nearest-neighbour graph, k-means, or Ward linkage.
    n_components : int, default=200
        LSA dimensions of the TF-IDF backend.
    n_neighbors : int, default=15
        Neighbours per answer in the spectral graph.
    min_content_tokens : int, default=1
        Answers with fewer words that are not stop words ("ok", "n/a", "-") are set apart
        with label -1 instead of being forced into a theme.
    max_graph_answers : int, default=20000
        Above this many answers the spectral and agglomerative steps run on a seeded sample
        and the other answers join the nearest theme centroid.
    random_state : int, default=0
        Seed for every random step; equal seeds give equal themes.

    Attributes
    ----------
    labels_ : ndarray of shape (n_answers,)
        Theme of each answer, numbered by decreasing size; -1 for answers set apart.
    n_clusters_ : int
    clusters_ : pandas.DataFrame
        One row per theme: ``id``, ``size``, ``share``, ``terms``, ``quotes``.
    languages_ : list of str
        Language of each answer.
    backend_ : str
        Backend actually used.
    k_scores_ : dict of int to float
        When ``n_clusters="auto"``: the number of communities found (before clipping to
        ``k_range``) and their modularity; else empty.
    """

    def __init__(
        self,
        n_clusters: int | str = "auto",
        *,
        k_range: tuple[int, int] | None = None,
        language: str = "auto",
        backend: str = "tfidf",
        algorithm: str = "spectral",
        n_components: int = 200,
        n_neighbors: int = 15,
        min_content_tokens: int = 1,
        max_graph_answers: int = 20000,
        random_state: int = 0,
    ) -> None:
        self.n_clusters = n_clusters
        self.k_range = k_range
        self.language = language
        self.backend = backend
        self.algorithm = algorithm
        self.n_components = n_components
        self.n_neighbors = n_neighbors
        self.min_content_tokens = min_content_tokens
        self.max_graph_answers = max_graph_answers
        self.random_state = random_state

    def _check_params(self) -> None:
        if self.n_clusters != "auto":
            check_int("n_clusters", self.n_clusters, minimum=1)
        check_choice("language", self.language, ("auto", *SUPPORTED_LANGUAGES))
        check_choice("backend", self.backend, BACKENDS)
        check_choice("algorithm", self.algorithm, ALGORITHMS)
        check_int("n_components", self.n_components, minimum=2)
        check_int("n_neighbors", self.n_neighbors, minimum=2)
        check_int("min_content_tokens", self.min_content_tokens, minimum=0)
        check_int("max_graph_answers", self.max_graph_answers, minimum=100)
        check_int("random_state", self.random_state, minimum=0)

    def fit(
        self,
        X: Sequence[str],
        y: None = None,
        *,
        progress: Callable[[str], None] | None = None,
    ) -> AnswerClusterer:
        """Find the themes of the answers ``X``.

        Parameters
        ----------
        X : sequence of str
            The answers; missing values (None, NaN) count as empty.
        y : None
            Ignored.
        progress : callable, optional
            Called with the name of each step as it starts ("prepare", "vectorize",
            "choose k", "cluster", "describe").

        Returns
        -------
        self
        """
        self._check_params()
        say = progress or (lambda step: None)
        texts = ["" if pd.isna(text) else str(text) for text in X]
        say("prepare")
        prepared = prepare_answers(texts, self.language, seed=self.random_state)
        kept = np.array(
            [len(c) >= self.min_content_tokens and len(c) > 0 for c in prepared.content]
        )
        kept_idx = np.flatnonzero(kept)
        if len(kept_idx) < 2:
            raise ValueError(f"only {len(kept_idx)} of {len(texts)} answers carry words to cluster")
        if self.n_clusters != "auto" and int(self.n_clusters) > len(kept_idx):
            raise ValueError(
                f"n_clusters={self.n_clusters} exceeds the {len(kept_idx)} answers kept"
            )
        say("vectorize")
        kept_texts = [texts[i] for i in kept_idx]
        kept_stems = [prepared.stems[i] for i in kept_idx]
        features = self._vectorize(kept_texts, kept_stems)
        space, algorithm = self._clustering_space(features, kept_texts, kept_stems)
        self.k_scores_: dict[int, float] = {}
        if self.n_clusters == "auto":
            say("choose k")
            k_range = self.k_range or default_k_range(len(kept_idx))
            k, self.k_scores_ = choose_n_clusters(features, k_range, random_state=self.random_state)
        else:
            k = int(self.n_clusters)
        say("cluster")
        kept_labels = partition(
            space,
            k,
            algorithm,
            n_neighbors=self.n_neighbors,
            max_graph_answers=self.max_graph_answers,
            n_init=UMAP_KMEANS_STARTS if space is not features else 10,
            random_state=self.random_state,
        )
        say("describe")
        self.labels_ = np.full(len(texts), -1, dtype=int)
        self.labels_[kept_idx] = kept_labels
        self.n_clusters_ = int(kept_labels.max()) + 1
        self.languages_ = prepared.languages
        terms = cluster_terms([prepared.content[i] for i in kept_idx], kept_labels)
        quotes = representative_answers(features, kept_labels, kept_texts)
        sizes = np.bincount(kept_labels, minlength=self.n_clusters_)
        self.clusters_ = pd.DataFrame(
            {
                "id": range(self.n_clusters_),
                "size": sizes,
                "share": sizes / len(texts),
                "terms": [terms.get(c, []) for c in range(self.n_clusters_)],
                "quotes": [quotes.get(c, []) for c in range(self.n_clusters_)],
            }
        )
        return self

    def _clustering_space(
        self, features: np.ndarray, texts: list[str], stems: list[list[str]]
    ) -> tuple[np.ndarray, str]:
        # UMAP's neighbour graph already does the spectral step's work: k-means groups it
        if self.backend_ != "embeddings":
            return features, self.algorithm
        words = tfidf_lsa_features(
            texts, stems, n_components=self.n_components, random_state=self.random_state
        )
        joined = np.hstack([features, TFIDF_WEIGHT * words])
        space = reduce_embeddings(joined, random_state=self.random_state)
        if space is joined:  # no UMAP (or too few answers): the embeddings as before
            space = features
        if space is features or self.algorithm != "spectral":
            return space, self.algorithm
        return space, "kmeans"

    def _vectorize(self, texts: list[str], stems: list[list[str]]) -> np.ndarray:
        self.backend_ = self.backend
        if self.backend == "embeddings":
            try:
                return embed_answers(texts)
            except EmbeddingsUnavailableError as error:
                warn_once(f"{error}; clustering with the TF-IDF backend instead")
                self.backend_ = "tfidf"
        return tfidf_lsa_features(
            texts, stems, n_components=self.n_components, random_state=self.random_state
        )

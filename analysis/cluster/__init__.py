"""Clustering short open answers into themes with readable labels and quotes."""

from ._clusterer import ALGORITHMS, BACKENDS, AnswerClusterer, default_k_range
from ._embeddings import EmbeddingsUnavailableError, embed_answers, embeddings_available
from ._labels import cluster_terms, representative_answers
from ._metrics import clustering_accuracy
from ._partition import partition
from ._select_k import choose_n_clusters
from ._tfidf import tfidf_lsa_features

__all__ = [
    "ALGORITHMS",
    "BACKENDS",
    "AnswerClusterer",
    "EmbeddingsUnavailableError",
    "choose_n_clusters",
    "cluster_terms",
    "clustering_accuracy",
    "default_k_range",
    "embed_answers",
    "embeddings_available",
    "partition",
    "representative_answers",
    "tfidf_lsa_features",
]

"""Themes in what customers expect: one clustering of every account's expected outcome.

Clustering is the slow step (seconds to minutes), so it runs once per refresh over all
accounts; each selection (segment, plan, cohort) then counts its own members of each theme,
which also keeps a theme's number and label the same from one selection to the next.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from analysis.survival import kaplan_meier

#: Fewer answers than this make no themes worth showing.
MIN_ANSWERS = 20
QUOTES = 3


@dataclass(frozen=True)
class Themes:
    #: Theme of each account's expected outcome (-1: too few words to group), by account_id.
    labels: pd.Series
    #: Per theme id: "terms" (label words) and "quotes" (answers nearest its centre).
    catalog: dict[int, dict[str, list[str]]] = field(default_factory=dict)


def find_themes(accounts: pd.DataFrame, random_state: int = 0) -> Themes:
    """Cluster the accounts' expected outcomes; no themes when there are too few answers."""
    answered = accounts.dropna(subset=["expected_outcome"])
    if len(answered) < MIN_ANSWERS:
        return Themes(pd.Series(dtype=float))
    from analysis.cluster import AnswerClusterer  # scikit-learn and NLTK: only when used

    clusterer = AnswerClusterer(random_state=random_state)
    try:
        clusterer.fit(answered["expected_outcome"].tolist())
    except ValueError:  # too few answers carry content words
        return Themes(pd.Series(dtype=float))
    labels = pd.Series(clusterer.labels_, index=answered["account_id"].to_numpy())
    catalog = {
        int(row.id): {"terms": list(row.terms), "quotes": list(row.quotes)}
        for row in clusterer.clusters_.itertuples()
    }
    return Themes(labels, catalog)


def themes_section(table: pd.DataFrame, answers: pd.DataFrame, themes: Themes) -> dict[str, Any]:
    """The themes of one selection: size, share, label terms, quotes and median TTFV.

    ``answers``: the selection's accounts with ``account_id`` and ``expected_outcome``;
    ``table``: their time-to-first-value rows (accounts whose clock has started).
    """
    answered = answers.dropna(subset=["expected_outcome"])
    labels = answered["account_id"].map(themes.labels)
    rows: list[dict[str, Any]] = []
    for theme, members in answered.groupby(labels):
        if theme < 0:
            continue
        texts = members["expected_outcome"].tolist()
        timed = table[table["account_id"].isin(members["account_id"])]
        rows.append(
            {
                "id": int(theme),
                "size": len(members),
                "share": len(members) / len(answered),
                "terms": themes.catalog.get(int(theme), {}).get("terms", []),
                "quotes": _quotes(texts, themes.catalog.get(int(theme), {}).get("quotes", [])),
                "median_ttfv": _median(timed),
                "reached": int(timed["reached"].sum()),
                "started": len(timed),
            }
        )
    rows.sort(key=lambda row: -row["size"])
    set_apart = int((labels < 0).sum())
    return {"answered": len(answered), "set_apart": set_apart, "themes": rows}


def _quotes(texts: list[str], central: list[str]) -> list[str]:
    """The theme's central answers said in this selection, then its most common ones."""
    present = set(texts)
    chosen = [quote for quote in central if quote in present][:QUOTES]
    for text, _count in Counter(texts).most_common():
        if len(chosen) >= QUOTES:
            break
        if text not in chosen:
            chosen.append(text)
    return chosen


def _median(table: pd.DataFrame) -> float | None:
    if table.empty:
        return None
    median = kaplan_meier(table["ttfv_days"], table["reached"]).median()
    return None if median == float("inf") else float(median)

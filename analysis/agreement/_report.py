"""All agreement figures for one coding exercise, as plain data."""

from __future__ import annotations

from typing import Any

import pandas as pd

from ._coefficients import cohen_kappas, fleiss_kappa, percent_agreement
from ._data import clean_codings, unit_counts
from ._krippendorff import krippendorff_alpha


def agreement_report(
    frame: pd.DataFrame,
    *,
    unit: str = "unit",
    coder: str = "coder",
    code: str = "code",
    level: str = "nominal",
) -> dict[str, Any]:
    """Percent agreement, Krippendorff's alpha, Fleiss' kappa and pairwise Cohen's kappa.

    Returns
    -------
    dict
        ``percent_agreement``, ``krippendorff_alpha`` (at ``level``), ``fleiss_kappa``,
        ``cohen_kappa`` (``"A|B"`` → kappa), ``n_units`` (units coded by two or more
        coders: the others count for nothing), ``n_coders``, ``level``.
    """
    names = {"unit": unit, "coder": coder, "code": code}
    codings = clean_codings(frame, unit, coder, code)
    counts, _ = unit_counts(codings)
    return {
        "percent_agreement": percent_agreement(frame, **names),
        "krippendorff_alpha": krippendorff_alpha(frame, level=level, **names),
        "fleiss_kappa": fleiss_kappa(frame, **names),
        "cohen_kappa": cohen_kappas(frame, **names),
        "n_units": int(counts.shape[0]),
        "n_coders": int(codings["coder"].nunique()),
        "level": level,
    }

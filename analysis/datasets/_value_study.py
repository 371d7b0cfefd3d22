"""A seeded value-definition study with planted truth, for the demo and for the tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from .._validation import check_float, check_int
from ._phrases import FILLER_ANSWERS, THEME_PHRASES, TIMEFRAME_PHRASES

SEGMENTS = {  # segment -> (median days to first value, theme weights, churn hazard per day)
    "smb": (18.0, [0.5, 0.1, 0.1, 0.3], 0.002),
    "mid_market": (40.0, [0.25, 0.35, 0.25, 0.15], 0.0015),
    "enterprise": (75.0, [0.1, 0.4, 0.4, 0.1], 0.001),
}
LOCALES = ("en", "pt", "es", "pl", "fa")
MILESTONES: list[dict[str, Any]] = [
    {"key": "workspace_created", "kind": "functional", "first_value": False},
    {"key": "integration_connected", "kind": "functional", "first_value": False},
    {"key": "first_report_shared", "kind": "customer", "first_value": True},
]


@dataclass(frozen=True)
class ValueStudy:
    """Demo tables and the truth planted in them.

    ``accounts``: account_id, segment, plan, start_at, observed_until, churned_at.
    ``contacts``: contact_id, account_id, email, locale, time_zone, unsubscribed.
    ``answers``: contact_id, account_id, locale, expected_outcome (open text),
    success_timeframe (text), value_achieved (1–7), perceived_quality, perceived_price
    (1–7), nps (0–10), theme (planted; None for filler answers).
    ``events``: account_id, milestone, occurred_at. ``milestones``: definitions.
    ``codings``: unit, coder, code — three coders coding answers with known error rates.
    ``truth``: the planted parameters.
    """

    accounts: pd.DataFrame
    contacts: pd.DataFrame
    answers: pd.DataFrame
    events: pd.DataFrame
    milestones: list[dict[str, Any]]
    codings: pd.DataFrame
    as_of: pd.Timestamp
    truth: dict[str, Any] = field(default_factory=dict)


def _answers(
    rng: np.random.Generator, segments: np.ndarray, filler_share: float
) -> tuple[list[str], list[str | None], list[str]]:
    themes, texts = list(THEME_PHRASES), []
    theme_of: list[str | None] = []
    locales = rng.choice(LOCALES, size=len(segments))
    for segment, locale in zip(segments, locales, strict=True):
        if rng.random() < filler_share:
            texts.append(str(rng.choice(FILLER_ANSWERS[str(locale)])))
            theme_of.append(None)
            continue
        theme = themes[rng.choice(len(themes), p=SEGMENTS[segment][1])]
        phrases = THEME_PHRASES[theme][locale]
        picked = rng.choice(len(phrases), size=rng.integers(1, 3), replace=False)
        texts.append(". ".join(phrases[i] for i in picked))
        theme_of.append(theme)
    return texts, theme_of, [str(locale) for locale in locales]


def make_value_study(
    n_accounts: int = 600,
    *,
    as_of: str = "2025-06-30",
    filler_share: float = 0.05,
    coder_error_rates: tuple[float, ...] = (0.05, 0.1, 0.2),
    random_state: int = 0,
) -> ValueStudy:
    """Generate a value-definition study whose structure the analysis should recover.

    Planted: answer themes whose mix differs by segment; time to first value log-normal
    with a segment median (smb 18, mid_market 40, enterprise 75 days); churn before value
    at a constant segment hazard; ``value_achieved`` about 1.5 points higher for accounts
    that reached first value; coders who mis-code at the given rates.

    Parameters
    ----------
    n_accounts : int, default=600
        Accounts (one contact and one answer each).
    as_of : str, default="2025-06-30"
        Analysis date; accounts start over the 240 days before it.
    filler_share : float, default=0.05
        Share of answers with no content ("ok", "n/a").
    coder_error_rates : tuple of float, default=(0.05, 0.1, 0.2)
        One coder per rate, each coding every themed answer.
    random_state : int, default=0

    Returns
    -------
    ValueStudy
    """
    check_int("n_accounts", n_accounts, minimum=10)
    check_float("filler_share", filler_share, low=0.0, high=1.0)
    for rate in coder_error_rates:
        check_float("coder_error_rates", rate, low=0.0, high=1.0)
    rng = np.random.default_rng(random_state)
    end = pd.Timestamp(as_of, tz="UTC")
    ids = [f"acct-{i:05d}" for i in range(n_accounts)]
    segments = rng.choice(list(SEGMENTS), size=n_accounts, p=[0.5, 0.3, 0.2])
    start = end - pd.to_timedelta(rng.uniform(5, 240, n_accounts), unit="D")
    median = np.array([SEGMENTS[s][0] for s in segments])
    ttfv = median * np.exp(rng.normal(0, 0.6, n_accounts))
    churn_after = rng.exponential(1 / np.array([SEGMENTS[s][2] for s in segments]))
    value_at = start + pd.to_timedelta(ttfv, unit="D")
    churn_at = start + pd.to_timedelta(churn_after, unit="D")
    churned = (churn_at < value_at) & (churn_at <= end)
    reached = (value_at <= end) & ~churned
    accounts = pd.DataFrame(
        {
            "account_id": ids,
            "segment": segments,
            "plan": rng.choice(["starter", "growth", "scale"], n_accounts),
            "start_at": start,
            "observed_until": pd.NaT,
            "churned_at": pd.Series(churn_at).where(churned),
        }
    )
    texts, themes, locales = _answers(rng, segments, filler_share)
    value = np.clip(np.round(3.5 + 1.5 * reached + rng.normal(0, 1.2, n_accounts)), 1, 7)
    stated = rng.choice([30, 60, 90], size=n_accounts)
    answers = pd.DataFrame(
        {
            "contact_id": [f"c-{i:05d}" for i in range(n_accounts)],
            "account_id": ids,
            "locale": locales,
            "expected_outcome": texts,
            "success_timeframe": [
                TIMEFRAME_PHRASES[lo].format(n=n) for lo, n in zip(locales, stated, strict=True)
            ],
            "value_achieved": value.astype(int),
            "perceived_quality": np.clip(value + rng.integers(-1, 2, n_accounts), 1, 7),
            "perceived_price": rng.integers(2, 7, n_accounts),
            "nps": np.clip(np.round(value * 1.4 + rng.normal(0, 1, n_accounts)), 0, 10).astype(int),
            "theme": themes,
        }
    )
    contacts = pd.DataFrame(
        {
            "contact_id": answers["contact_id"],
            "account_id": ids,
            "email": [f"person{i}@example.com" for i in range(n_accounts)],
            "locale": locales,
            "time_zone": rng.choice(
                ["UTC", "America/Sao_Paulo", "Europe/Warsaw", "Asia/Tehran", "Europe/Madrid"],
                n_accounts,
            ),
            "unsubscribed": rng.random(n_accounts) < 0.03,
        }
    )
    events = _events(rng, accounts, value_at, reached, end)
    codings = _codings(rng, answers, coder_error_rates)
    truth = {
        "segment_median_days": {s: v[0] for s, v in SEGMENTS.items()},
        "n_themes": len(THEME_PHRASES),
        "value_bonus_if_reached": 1.5,
        "coder_error_rates": list(coder_error_rates),
    }
    return ValueStudy(accounts, contacts, answers, events, MILESTONES, codings, end, truth)


def _events(
    rng: np.random.Generator,
    accounts: pd.DataFrame,
    value_at: pd.DatetimeIndex,
    reached: np.ndarray,
    end: pd.Timestamp,
) -> pd.DataFrame:
    start = accounts["start_at"]
    created = start + pd.to_timedelta(rng.uniform(0, 1, len(start)), unit="D")
    connected = start + pd.to_timedelta(rng.exponential(10, len(start)), unit="D")
    frames = [
        pd.DataFrame(
            {
                "account_id": accounts["account_id"],
                "milestone": "workspace_created",
                "occurred_at": created,
            }
        ),
        pd.DataFrame(
            {
                "account_id": accounts["account_id"],
                "milestone": "integration_connected",
                "occurred_at": connected,
            }
        ),
        pd.DataFrame(
            {
                "account_id": accounts["account_id"][reached],
                "milestone": "first_report_shared",
                "occurred_at": pd.Series(value_at)[reached].to_numpy(),
            }
        ),
    ]
    events = pd.concat(frames, ignore_index=True)
    events = events[events["occurred_at"] <= end]
    return events.sort_values("occurred_at", kind="stable").reset_index(drop=True)


def _codings(
    rng: np.random.Generator, answers: pd.DataFrame, error_rates: tuple[float, ...]
) -> pd.DataFrame:
    themed = answers[answers["theme"].notna()]
    codes = sorted(THEME_PHRASES)
    rows = []
    for coder, rate in zip("ABCDEFGH", error_rates, strict=False):
        for unit, theme in zip(themed["contact_id"], themed["theme"], strict=True):
            code = str(rng.choice(codes)) if rng.random() < rate else theme
            rows.append((unit, coder, code))
    return pd.DataFrame(rows, columns=["unit", "coder", "code"])

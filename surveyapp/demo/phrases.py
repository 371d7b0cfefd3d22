"""Demo answers and names beyond what the value study plants (data in phrases.yaml)."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

PHRASES = Path(__file__).with_name("phrases.yaml")


@cache
def phrases() -> dict[str, Any]:
    """theme_answers, theme_layers, obstacles, names and company_words (see the file)."""
    with PHRASES.open(encoding="utf-8") as file:
        return yaml.safe_load(file)  # type: ignore[no-any-return]

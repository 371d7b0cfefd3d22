"""Reads for events: the milestone definitions in force."""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from surveyapp.events.milestones import DEFAULT_MILESTONES, Milestone, load_milestones

_LOADED: dict[tuple[str, float], list[Milestone]] = {}


def milestone_definitions() -> list[Milestone]:
    """The definitions of SURVEYAPP_MILESTONES_PATH (or the shipped ones), re-read when the
    file changes."""
    path = Path(current_app.config.get("MILESTONES_PATH") or DEFAULT_MILESTONES)
    key = (str(path), path.stat().st_mtime)
    if key not in _LOADED:
        _LOADED[key] = load_milestones(path)
    return _LOADED[key]

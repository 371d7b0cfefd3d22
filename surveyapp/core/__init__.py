"""Plumbing shared by every feature: config, database, requests, i18n, CLI."""

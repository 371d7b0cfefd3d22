"""Accounts (customer companies) and contacts (the people we ask)."""

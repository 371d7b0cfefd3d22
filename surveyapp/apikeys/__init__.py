"""API keys: how integrations (product events, later exports) authenticate."""

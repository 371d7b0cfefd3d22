"""Respond: the customer's survey pages, opened from a personal link."""

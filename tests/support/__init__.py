"""Test plumbing: databases, services, a live server, a browser."""

"""Surveys: a question bank version put to customers, with its journey settings."""

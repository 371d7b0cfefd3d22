"""Interviews with customers: who was asked what, when, and where the recording or notes are."""

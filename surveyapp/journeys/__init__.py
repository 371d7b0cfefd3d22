"""Journeys: survey rules that turn product events, milestones and dates into invitations."""

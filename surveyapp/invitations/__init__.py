"""Invitations: one contact asked one survey, through a personal link."""

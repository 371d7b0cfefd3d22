"""Dispatch: a durable outbox of emails and the sender that delivers them over SMTP."""

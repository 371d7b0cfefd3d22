"""Tests of email dispatch: outbox, sender, unsubscribe, faults against a real SMTP server."""

"""Demo data: a small, realistic instance to try the app with."""

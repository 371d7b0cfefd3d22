"""CS-team pages: accounts, account summaries, the at-risk list and the value overview."""

"""Analysis commands (`surveyapp analyze ...`) on CSV files or the app database."""

"""Analysis commands (`surveyapp analyze ...`) on CSV files."""

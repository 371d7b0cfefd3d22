"""Codings of open answers: which code each researcher (coder) gave each answer.

Researchers export a coding sheet of answers (`surveyapp codes export`), code it in a
spreadsheet or a QDA tool, and import it back (`surveyapp codes import`); `surveyapp analyze
agreement` then measures how far the coders agree, straight from the database.
"""

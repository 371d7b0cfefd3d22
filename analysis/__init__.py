"""FirstValue analysis: plain functions and estimators on arrays and data frames.

Subpackages: :mod:`analysis.text` (preparing answers), :mod:`analysis.cluster` (themes in open
answers), :mod:`analysis.survival` (Kaplan–Meier, log-rank, competing risks), :mod:`analysis.ttfv`
(time to first value per account), :mod:`analysis.health` (expectation gap and red/yellow/green),
:mod:`analysis.correlate` (perceived value against milestones), :mod:`analysis.agreement`
(inter-coder agreement) and :mod:`analysis.datasets` (seeded demo data with planted truth).
Nothing here imports Flask, SQLAlchemy or ``surveyapp``.
"""

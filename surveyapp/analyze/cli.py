"""`surveyapp analyze`: clusters, survival, ttfv, correlate and agreement, on CSV files or,
without them, on the current instance's database (SURVEYAPP_DATABASE_URL)."""

from __future__ import annotations

import click

from surveyapp.analyze.agreement import agreement_command
from surveyapp.analyze.clusters import clusters_command
from surveyapp.analyze.correlate import correlate_command
from surveyapp.analyze.timing import survival_command, ttfv_command

analyze_cli = click.Group(
    "analyze",
    help="Analyse answers, milestones and codings (CSV files or the app database).\n\n"
    "Each command reads the CSV files it is given; without them it reads the current "
    "instance's database (SURVEYAPP_DATABASE_URL): survey answers, accounts and milestone "
    "events. Progress goes to stderr, so stdout and the JSON files stay clean.",
)
for command in (
    clusters_command,
    survival_command,
    ttfv_command,
    correlate_command,
    agreement_command,
):
    analyze_cli.add_command(command)

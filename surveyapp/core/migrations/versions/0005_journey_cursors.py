"""journey cursors

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 22:47:59.953867
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "journey_cursors",
        sa.Column("survey_id", sa.Integer(), nullable=False),
        sa.Column("last_product_event_id", sa.Integer(), nullable=False),
        sa.Column("last_milestone_event_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["survey_id"], ["surveys.id"], name=op.f("fk_journey_cursors_survey_id_surveys")
        ),
        sa.PrimaryKeyConstraint("survey_id", name=op.f("pk_journey_cursors")),
    )
    with op.batch_alter_table("milestone_events", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "recorded_at",
                sa.DateTime(timezone=True),
                nullable=False,
                server_default=sa.func.now(),
            )
        )
        batch_op.create_index(
            batch_op.f("ix_milestone_events_recorded_at"), ["recorded_at"], unique=False
        )

    with op.batch_alter_table("product_events", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_product_events_received_at"), ["received_at"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("product_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_events_received_at"))

    with op.batch_alter_table("milestone_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_milestone_events_recorded_at"))
        batch_op.drop_column("recorded_at")

    op.drop_table("journey_cursors")

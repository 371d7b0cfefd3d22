"""interviews, churn dates, staff locale

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-24 00:50:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Churn competes with first value on the CS overview; churned accounts leave the
    # at-risk list.
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("churned_at", sa.DateTime(timezone=True), nullable=True))
    with op.batch_alter_table("account_insights", schema=None) as batch_op:
        batch_op.add_column(sa.Column("churned_at", sa.DateTime(timezone=True), nullable=True))
    # The language a staff member reads in, for the weekly digest email.
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.add_column(sa.Column("locale", sa.String(length=16), nullable=True))

    op.create_table(
        "interviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("interviewer", sa.String(length=200), nullable=False),
        sa.Column("guide_key", sa.String(length=64), nullable=True),
        sa.Column("link_url", sa.String(length=2000), nullable=False),
        sa.Column("summary", sa.Text(), nullable=True),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_interviews_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_interviews_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_interviews_recorded_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_interviews")),
    )
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.create_index("ix_interviews_account_held", ["account_id", "held_on"])


def downgrade() -> None:
    with op.batch_alter_table("interviews", schema=None) as batch_op:
        batch_op.drop_index("ix_interviews_account_held")
    op.drop_table("interviews")
    with op.batch_alter_table("users", schema=None) as batch_op:
        batch_op.drop_column("locale")
    with op.batch_alter_table("account_insights", schema=None) as batch_op:
        batch_op.drop_column("churned_at")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_column("churned_at")

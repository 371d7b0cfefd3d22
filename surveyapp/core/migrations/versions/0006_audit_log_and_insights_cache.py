"""audit log, insights cache, account list indexes

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 22:59:45.382251
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # The CS accounts list sorts 100,000 accounts by name or start date, a page at a time.
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_accounts_name"), ["name"])
        batch_op.create_index(batch_op.f("ix_accounts_start_at"), ["start_at"])

    op.create_table(
        "audit_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=True),
        sa.Column("user_email", sa.String(length=320), nullable=False),
        sa.Column("action", sa.String(length=16), nullable=False),
        sa.Column("target", sa.String(length=300), nullable=False),
        sa.Column("detail", sa.String(length=1000), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_audit_events_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_events")),
    )
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_events_occurred_at"), ["occurred_at"])
        batch_op.create_index(batch_op.f("ix_audit_events_user_id"), ["user_id"])

    op.create_table(
        "insight_snapshots",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("scope", sa.String(length=300), nullable=False),
        sa.Column("computed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("seconds", sa.Double(), nullable=False),
        sa.Column(
            "payload", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_insight_snapshots")),
        sa.UniqueConstraint("scope", name=op.f("uq_insight_snapshots_scope")),
    )

    op.create_table(
        "account_insights",
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("expected_days", sa.Double(), nullable=True),
        sa.Column("expected_outcome", sa.Text(), nullable=True),
        sa.Column("expectation_theme", sa.Integer(), nullable=True),
        sa.Column("first_value_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("yellow_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("red_from", sa.DateTime(timezone=True), nullable=True),
        sa.Column("health_known", sa.Boolean(), nullable=False),
        sa.Column("last_invitation_id", sa.Integer(), nullable=True),
        sa.Column("refreshed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"],
            ["accounts.id"],
            name=op.f("fk_account_insights_account_id_accounts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_invitation_id"],
            ["invitations.id"],
            name=op.f("fk_account_insights_last_invitation_id_invitations"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_insights")),
    )
    with op.batch_alter_table("account_insights", schema=None) as batch_op:
        for column in ("first_value_at", "yellow_from", "red_from", "last_invitation_id"):
            batch_op.create_index(batch_op.f(f"ix_account_insights_{column}"), [column])


def downgrade() -> None:
    with op.batch_alter_table("account_insights", schema=None) as batch_op:
        for column in ("first_value_at", "yellow_from", "red_from", "last_invitation_id"):
            batch_op.drop_index(batch_op.f(f"ix_account_insights_{column}"))
    op.drop_table("account_insights")
    op.drop_table("insight_snapshots")
    with op.batch_alter_table("audit_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_events_user_id"))
        batch_op.drop_index(batch_op.f("ix_audit_events_occurred_at"))
    op.drop_table("audit_events")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_start_at"))
        batch_op.drop_index(batch_op.f("ix_accounts_name"))

"""journey rules and outbox

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 22:44:38.068337
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "outbox_messages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("invitation_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(length=32), nullable=False),
        sa.Column("to_address", sa.String(length=320), nullable=False),
        sa.Column("subject", sa.String(length=500), nullable=False),
        sa.Column("body_text", sa.Text(), nullable=False),
        sa.Column("body_html", sa.Text(), nullable=False),
        sa.Column(
            "headers", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.Column("message_id", sa.String(length=255), nullable=False),
        sa.Column("not_before", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_outbox_messages_contact_id_contacts")
        ),
        sa.ForeignKeyConstraint(
            ["invitation_id"],
            ["invitations.id"],
            name=op.f("fk_outbox_messages_invitation_id_invitations"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox_messages")),
        sa.UniqueConstraint("message_id", name=op.f("uq_outbox_messages_message_id")),
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_contact_id"), ["contact_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_invitation_id"), ["invitation_id"], unique=False
        )
        batch_op.create_index(
            "ix_outbox_messages_status_not_before", ["status", "not_before"], unique=False
        )

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bounced_at", sa.DateTime(timezone=True), nullable=True))

    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("trigger_key", sa.String(length=200), nullable=False, server_default="manual")
        )
        batch_op.add_column(sa.Column("due_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(
            sa.Column("reminders_sent", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(sa.Column("skipped_reason", sa.String(length=64), nullable=True))
    # Invitations made before journey rules were all made by hand: one occurrence each.
    op.execute("UPDATE invitations SET trigger_key = 'manual:' || id")
    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.create_unique_constraint(
            batch_op.f("uq_invitations_survey_id_contact_id_trigger_key"),
            ["survey_id", "contact_id", "trigger_key"],
        )

    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.add_column(sa.Column("trigger_event", sa.String(length=200), nullable=True))
        batch_op.add_column(sa.Column("trigger_milestone", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("trigger_days_after_start", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("delay_days", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("reminders", sa.Integer(), nullable=False, server_default="0")
        )
        batch_op.add_column(
            sa.Column("reminder_gap_days", sa.Integer(), nullable=False, server_default="3")
        )
        batch_op.add_column(sa.Column("recontact_days", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("send_hour_start", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("send_hour_end", sa.Integer(), nullable=True))
        batch_op.add_column(
            sa.Column("sample_percent", sa.Integer(), nullable=False, server_default="100")
        )
        batch_op.add_column(sa.Column("locales", sa.String(length=100), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_surveys_trigger_event"), ["trigger_event"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_surveys_trigger_milestone"), ["trigger_milestone"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("surveys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_surveys_trigger_milestone"))
        batch_op.drop_index(batch_op.f("ix_surveys_trigger_event"))
        batch_op.drop_column("locales")
        batch_op.drop_column("sample_percent")
        batch_op.drop_column("send_hour_end")
        batch_op.drop_column("send_hour_start")
        batch_op.drop_column("recontact_days")
        batch_op.drop_column("reminder_gap_days")
        batch_op.drop_column("reminders")
        batch_op.drop_column("delay_days")
        batch_op.drop_column("trigger_days_after_start")
        batch_op.drop_column("trigger_milestone")
        batch_op.drop_column("trigger_event")

    with op.batch_alter_table("invitations", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_invitations_survey_id_contact_id_trigger_key"), type_="unique"
        )
        batch_op.drop_column("skipped_reason")
        batch_op.drop_column("reminders_sent")
        batch_op.drop_column("sent_at")
        batch_op.drop_column("due_at")
        batch_op.drop_column("trigger_key")

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_column("bounced_at")

    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_messages_status_not_before")
        batch_op.drop_index(batch_op.f("ix_outbox_messages_invitation_id"))
        batch_op.drop_index(batch_op.f("ix_outbox_messages_contact_id"))

    op.drop_table("outbox_messages")

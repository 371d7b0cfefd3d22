"""product events, milestones, api keys

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 22:37:44.081566
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "api_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("prefix", sa.String(length=16), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("scopes", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_keys")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_api_keys_key_hash")),
    )
    op.create_table(
        "product_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("dedupe_key", sa.String(length=64), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=True),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("user_id", sa.String(length=128), nullable=True),
        sa.Column("event", sa.String(length=200), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("received_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column(
            "properties", sa.JSON().with_variant(postgresql.JSONB(), "postgresql"), nullable=False
        ),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_product_events_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["contact_id"], ["contacts.id"], name=op.f("fk_product_events_contact_id_contacts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_events")),
        sa.UniqueConstraint("dedupe_key", name=op.f("uq_product_events_dedupe_key")),
    )
    with op.batch_alter_table("product_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_product_events_account_occurred", ["account_id", "occurred_at"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_product_events_contact_id"), ["contact_id"], unique=False
        )

    op.create_table(
        "milestone_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("account_id", sa.Integer(), nullable=False),
        sa.Column("milestone_key", sa.String(length=64), nullable=False),
        sa.Column("occurred_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("product_event_id", sa.Integer(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_milestone_events_account_id_accounts")
        ),
        sa.ForeignKeyConstraint(
            ["product_event_id"],
            ["product_events.id"],
            name=op.f("fk_milestone_events_product_event_id_product_events"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_milestone_events")),
        sa.UniqueConstraint(
            "milestone_key",
            "product_event_id",
            name=op.f("uq_milestone_events_milestone_key_product_event_id"),
        ),
    )
    with op.batch_alter_table("milestone_events", schema=None) as batch_op:
        batch_op.create_index(
            "ix_milestone_events_account_key", ["account_id", "milestone_key"], unique=False
        )

    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("csm_owner", sa.String(length=200), nullable=True))
        batch_op.create_index(batch_op.f("ix_accounts_csm_owner"), ["csm_owner"], unique=False)

    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("external_id", sa.String(length=128), nullable=True))
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=320), nullable=True)
        batch_op.create_unique_constraint(batch_op.f("uq_contacts_external_id"), ["external_id"])


def downgrade() -> None:
    with op.batch_alter_table("milestone_events", schema=None) as batch_op:
        batch_op.drop_index("ix_milestone_events_account_key")
    op.drop_table("milestone_events")
    with op.batch_alter_table("product_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_product_events_contact_id"))
        batch_op.drop_index("ix_product_events_account_occurred")
    op.drop_table("product_events")
    op.drop_table("api_keys")
    with op.batch_alter_table("accounts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_accounts_csm_owner"))
        batch_op.drop_column("csm_owner")
    # Contacts known only from product events have no email: the older schema cannot hold them.
    op.execute("DELETE FROM contacts WHERE email IS NULL")
    with op.batch_alter_table("contacts", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_contacts_external_id"), type_="unique")
        batch_op.alter_column("email", existing_type=sa.VARCHAR(length=320), nullable=False)
        batch_op.drop_column("external_id")

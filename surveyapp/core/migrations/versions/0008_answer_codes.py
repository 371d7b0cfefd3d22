"""codings of open answers

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-24 04:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Each coder's code of an open answer, for agreement between coders.
    op.create_table(
        "answer_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("coder", sa.String(length=200), nullable=False),
        sa.Column("code", sa.String(length=200), nullable=False),
        sa.Column("coded_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["answers.id"],
            name=op.f("fk_answer_codes_answer_id_answers"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_answer_codes")),
        sa.UniqueConstraint("answer_id", "coder", name=op.f("uq_answer_codes_answer_id_coder")),
    )
    with op.batch_alter_table("answer_codes", schema=None) as batch_op:
        batch_op.create_index("ix_answer_codes_coder", ["coder"])


def downgrade() -> None:
    with op.batch_alter_table("answer_codes", schema=None) as batch_op:
        batch_op.drop_index("ix_answer_codes_coder")
    op.drop_table("answer_codes")

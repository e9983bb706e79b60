"""Subscribers, deliveries and reflections.

Revision ID: 0001
Revises:
Create Date: 2026-11-26
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "subscriber",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("chat_id", sa.BigInteger(), nullable=False, unique=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("consent", sa.Boolean(), nullable=True),
        sa.Column("consent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("delivery_time", sa.String(length=5), nullable=False),
        sa.Column("timezone", sa.String(length=64), nullable=False),
        sa.Column("track", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("sent_count", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("next_delivery_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("paused_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_lesson_date", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_subscriber_next_delivery_at", "subscriber", ["next_delivery_at"])
    op.create_table(
        "delivery",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "subscriber_id", sa.Integer(), sa.ForeignKey("subscriber.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("lesson_id", sa.String(length=64), nullable=False),
        sa.Column("track", sa.String(length=32), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("local_date", sa.Date(), nullable=False),
        sa.Column("trigger", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("question_message_id", sa.BigInteger(), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("lesson_sent", sa.Boolean(), nullable=False),
        sa.Column("retry_at", sa.DateTime(timezone=True), nullable=True),
        sa.UniqueConstraint("subscriber_id", "seq", name="uq_delivery_subscriber_seq"),
    )
    op.create_index("ix_delivery_subscriber_id", "delivery", ["subscriber_id"])
    op.create_index("ix_delivery_retry_at", "delivery", ["retry_at"])
    op.create_table(
        "reflection",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "subscriber_id", sa.Integer(), sa.ForeignKey("subscriber.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column(
            "delivery_id", sa.Integer(), sa.ForeignKey("delivery.id", ondelete="SET NULL"), nullable=True
        ),
        sa.Column("lesson_id", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_reflection_subscriber_id", "reflection", ["subscriber_id"])


def downgrade() -> None:
    op.drop_table("reflection")
    op.drop_table("delivery")
    op.drop_index("ix_subscriber_next_delivery_at", table_name="subscriber")
    op.drop_table("subscriber")

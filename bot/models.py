"""The data model: subscribers, the lessons delivered to them, and their reflections."""

from __future__ import annotations

from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import Field, SQLModel


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timestamp that is always stored and returned as an aware UTC datetime.

    SQLite keeps no zone, so values go in as naive UTC there and come back marked UTC.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Normalise to UTC before storing."""
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetimes are not accepted; use UTC-aware ones")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        """Return an aware UTC datetime."""
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def utcnow() -> datetime:
    """Return the system time in UTC; used only for bookkeeping columns, never for scheduling."""
    return datetime.now(UTC)


def _timestamp(*, nullable: bool = True, index: bool = False, **kwargs: Any) -> Any:
    return Field(default=None, sa_column=sa.Column(UTCDateTime(), nullable=nullable, index=index, **kwargs))


class Status(StrEnum):
    """Where a subscriber stands."""

    ACTIVE = "active"
    PAUSED = "paused"
    STOPPED = "stopped"
    FINISHED = "finished"
    BLOCKED = "blocked"


class DeliveryStatus(StrEnum):
    """The life of one lesson delivery: claimed before sending, then sent or failed."""

    CLAIMED = "claimed"
    SENT = "sent"
    FAILED = "failed"


class Trigger(StrEnum):
    """Why a lesson was delivered."""

    SCHEDULE = "schedule"
    NEXT = "next"


class Subscriber(SQLModel, table=True):
    """One person taking the course, keyed by their private chat."""

    id: int | None = Field(default=None, primary_key=True)
    chat_id: int = Field(sa_column=sa.Column(sa.BigInteger(), nullable=False, unique=True))
    status: str = Field(default=Status.ACTIVE, max_length=16)
    consent: bool | None = Field(default=None)
    consent_at: datetime | None = _timestamp()
    delivery_time: str = Field(default="09:00", max_length=5)
    timezone: str = Field(default="UTC", max_length=64)
    track: str = Field(default="main", max_length=32)
    position: int = Field(default=0)
    sent_count: int = Field(default=0)
    # Bumped by every write, so the sweep never claims from a row that changed after it read it.
    version: int = Field(default=0)
    next_delivery_at: datetime | None = _timestamp(index=True)
    paused_until: datetime | None = _timestamp()
    last_lesson_date: date | None = Field(default=None)
    created_at: datetime | None = _timestamp(nullable=False)
    updated_at: datetime | None = _timestamp(nullable=False)


class Delivery(SQLModel, table=True):
    """One lesson sent (or being sent) to one subscriber."""

    __table_args__ = (sa.UniqueConstraint("subscriber_id", "seq", name="uq_delivery_subscriber_seq"),)

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int = Field(
        sa_column=sa.Column(
            sa.Integer(), sa.ForeignKey("subscriber.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    seq: int
    lesson_id: str = Field(max_length=64)
    track: str = Field(max_length=32)
    position: int
    local_date: date
    trigger: str = Field(max_length=16)
    status: str = Field(default=DeliveryStatus.CLAIMED, max_length=16)
    claimed_at: datetime | None = _timestamp(nullable=False)
    sent_at: datetime | None = _timestamp()
    question_message_id: int | None = Field(default=None, sa_column=sa.Column(sa.BigInteger(), nullable=True))
    attempts: int = Field(default=0)
    # Set when a failed attempt got the lesson out but not its question, so a retry sends only the rest.
    lesson_sent: bool = Field(default=False)
    retry_at: datetime | None = _timestamp(index=True)


class Reflection(SQLModel, table=True):
    """A free-text reply the subscriber agreed to have stored, tied to the lesson it answers."""

    id: int | None = Field(default=None, primary_key=True)
    subscriber_id: int = Field(
        sa_column=sa.Column(
            sa.Integer(), sa.ForeignKey("subscriber.id", ondelete="CASCADE"), nullable=False, index=True
        )
    )
    delivery_id: int | None = Field(
        default=None,
        sa_column=sa.Column(sa.Integer(), sa.ForeignKey("delivery.id", ondelete="SET NULL"), nullable=True),
    )
    lesson_id: str = Field(max_length=64)
    text: str = Field(sa_column=sa.Column(sa.Text(), nullable=False))
    created_at: datetime | None = _timestamp(nullable=False)

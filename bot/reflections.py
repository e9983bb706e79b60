"""Reflections: free-text replies stored against the lesson they answer, only with consent."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot import texts
from bot.models import Delivery, DeliveryStatus, Reflection, Status
from bot.subscriptions import get_subscriber

MAX_REFLECTION = 4096


class ReplyOutcome(StrEnum):
    """What happened to a free-text reply."""

    SAVED = "saved"
    NO_CONSENT = "no_consent"
    DECLINED = "declined"
    NO_LESSON = "no_lesson"
    UNKNOWN = "unknown"
    STOPPED = "stopped"


async def record_reply(
    *, session: AsyncSession, chat_id: int, text: str, reply_to_message_id: int | None, now: datetime
) -> ReplyOutcome:
    """Store a reply as the reflection on the lesson it answers (the one replied to, else the latest)."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return ReplyOutcome.UNKNOWN
    if subscriber.status == Status.STOPPED:
        return ReplyOutcome.STOPPED
    sent = select(Delivery).where(
        col(Delivery.subscriber_id) == subscriber.id, col(Delivery.status) == DeliveryStatus.SENT
    )
    delivery = None
    if reply_to_message_id is not None:
        delivery = (
            await session.execute(sent.where(col(Delivery.question_message_id) == reply_to_message_id))
        ).scalar_one_or_none()
    if delivery is None:
        delivery = (
            await session.execute(sent.order_by(col(Delivery.seq).desc()).limit(1))
        ).scalar_one_or_none()
    if delivery is None:
        return ReplyOutcome.NO_LESSON
    if subscriber.consent is None:
        return ReplyOutcome.NO_CONSENT
    if subscriber.consent is False:
        return ReplyOutcome.DECLINED
    clean = texts.clean(text)[:MAX_REFLECTION]
    session.add(
        Reflection(
            subscriber_id=subscriber.id or 0,
            delivery_id=delivery.id,
            lesson_id=delivery.lesson_id,
            text=clean,
            created_at=now,
        )
    )
    await session.commit()
    return ReplyOutcome.SAVED

"""Lesson delivery: claim due subscribers, record what was sent, and the on-demand /next lesson.

A lesson is *claimed* before it is sent: one transaction advances the subscriber's position,
schedules their next delivery and inserts a ``delivery`` row whose (subscriber, seq) pair is
unique. The update is guarded by the row's ``version``, which every write bumps, so a second
sweep (or process) that read the row before the claim, or a sweep racing a user's command,
changes nothing. Sending happens after the commit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy import func, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot import schedule
from bot.course import Course, Lesson
from bot.models import Delivery, DeliveryStatus, Status, Subscriber, Trigger
from bot.subscriptions import get_subscriber

MAX_ATTEMPTS = 5
RETRY_BASE = timedelta(minutes=1)


@dataclass(frozen=True)
class Claim:
    """A lesson claimed for one subscriber, ready to send."""

    delivery_id: int
    chat_id: int
    lesson: Lesson
    number: int
    total: int
    final: bool
    lesson_sent: bool = False


class NextOutcome(StrEnum):
    """Why /next did or did not produce a lesson."""

    CLAIMED = "claimed"
    UNKNOWN = "unknown"
    PAUSED = "paused"
    STOPPED = "stopped"
    FINISHED = "finished"
    CAPPED = "capped"


async def _claim(
    session: AsyncSession, subscriber: Subscriber, *, course: Course, now: datetime, trigger: Trigger
) -> Claim | None:
    """Advance one subscriber by one lesson inside the caller's transaction; None if someone else did."""
    total = course.total(subscriber.track)
    lesson = course.lesson_at(subscriber.track, subscriber.position)
    today = schedule.local_date(now, subscriber.timezone)
    guard = (col(Subscriber.id) == subscriber.id) & (col(Subscriber.version) == subscriber.version)
    if lesson is None:
        await session.execute(
            update(Subscriber)
            .where(guard)
            .values(
                status=Status.FINISHED, next_delivery_at=None, version=subscriber.version + 1, updated_at=now
            )
        )
        return None
    final = subscriber.position + 1 >= total
    next_at = (
        None
        if final
        else schedule.next_delivery(
            now=now,
            at=schedule.parse_time(subscriber.delivery_time),
            zone_name=subscriber.timezone,
            last_lesson_date=today,
        )
    )
    result = await session.execute(
        update(Subscriber)
        .where(guard)
        .values(
            position=subscriber.position + 1,
            sent_count=subscriber.sent_count + 1,
            version=subscriber.version + 1,
            status=Status.FINISHED if final else Status.ACTIVE,
            paused_until=None,
            last_lesson_date=today,
            next_delivery_at=next_at,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    if not isinstance(result, CursorResult) or result.rowcount != 1:
        return None
    delivery = Delivery(
        subscriber_id=subscriber.id or 0,
        seq=subscriber.sent_count,
        lesson_id=lesson.id,
        track=subscriber.track,
        position=subscriber.position,
        local_date=today,
        trigger=trigger,
        status=DeliveryStatus.CLAIMED,
        claimed_at=now,
    )
    session.add(delivery)
    await session.flush()
    return Claim(
        delivery_id=delivery.id or 0,
        chat_id=subscriber.chat_id,
        lesson=lesson,
        number=subscriber.position + 1,
        total=total,
        final=final,
    )


async def claim_due(*, session: AsyncSession, course: Course, now: datetime, limit: int) -> list[Claim]:
    """Claim up to ``limit`` subscribers whose next delivery is due, oldest first, and commit."""
    due = await session.execute(
        select(Subscriber)
        .where(col(Subscriber.next_delivery_at) <= now)
        # A total order, so concurrent sweepers lock rows in the same sequence and cannot deadlock.
        .order_by(col(Subscriber.next_delivery_at), col(Subscriber.id))
        .limit(limit)
        .execution_options(populate_existing=True)
    )
    claims = []
    for subscriber in due.scalars().all():
        claim = await _claim(session, subscriber, course=course, now=now, trigger=Trigger.SCHEDULE)
        if claim is not None:
            claims.append(claim)
    await session.commit()
    return claims


async def claim_next(
    *, session: AsyncSession, course: Course, chat_id: int, now: datetime, daily_cap: int
) -> tuple[NextOutcome, Claim | None]:
    """Claim today's or the next lesson now for /next, within a daily cap of lessons."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return NextOutcome.UNKNOWN, None
    if subscriber.status == Status.PAUSED:
        return NextOutcome.PAUSED, None
    if subscriber.status in {Status.STOPPED, Status.BLOCKED}:
        return NextOutcome.STOPPED, None
    if (
        subscriber.status == Status.FINISHED
        or course.lesson_at(subscriber.track, subscriber.position) is None
    ):
        return NextOutcome.FINISHED, None
    today = schedule.local_date(now, subscriber.timezone)
    sent_today: int | None = await session.scalar(
        select(func.count())
        .select_from(Delivery)
        .where(col(Delivery.subscriber_id) == subscriber.id, col(Delivery.local_date) == today)
    )
    if (sent_today or 0) >= daily_cap:
        return NextOutcome.CAPPED, None
    claim = await _claim(session, subscriber, course=course, now=now, trigger=Trigger.NEXT)
    await session.commit()
    # No claim means a sweep delivered this lesson a moment ago: the answer is the "come back later" one.
    return (NextOutcome.CLAIMED, claim) if claim else (NextOutcome.CAPPED, None)


async def confirm_sent(
    *, session: AsyncSession, delivery_id: int, question_message_id: int | None, now: datetime
) -> None:
    """Record that a claimed lesson reached Telegram."""
    await session.execute(
        update(Delivery)
        .where(col(Delivery.id) == delivery_id)
        .values(status=DeliveryStatus.SENT, sent_at=now, question_message_id=question_message_id)
    )
    await session.commit()


async def mark_failed(
    *, session: AsyncSession, delivery_id: int, now: datetime, lesson_sent: bool, retry: bool = True
) -> None:
    """Record that sending a claimed lesson failed, and when a later sweep should try it again."""
    delivery = await session.get(Delivery, delivery_id)
    if delivery is None:
        return
    delivery.status, delivery.attempts = DeliveryStatus.FAILED, delivery.attempts + 1
    delivery.lesson_sent = delivery.lesson_sent or lesson_sent
    delivery.retry_at = (
        now + RETRY_BASE * 2 ** (delivery.attempts - 1)
        if retry and delivery.attempts < MAX_ATTEMPTS
        else None
    )
    await session.commit()


async def claim_retries(*, session: AsyncSession, course: Course, now: datetime, limit: int) -> list[Claim]:
    """Claim failed deliveries whose retry time has come, so the same lesson is sent again."""
    rows = await session.execute(
        select(Delivery, Subscriber)
        .join(Subscriber, col(Subscriber.id) == col(Delivery.subscriber_id))
        .where(col(Delivery.status) == DeliveryStatus.FAILED, col(Delivery.retry_at) <= now)
        .where(col(Subscriber.status).not_in([Status.BLOCKED, Status.STOPPED]))
        .order_by(col(Delivery.retry_at))
        .limit(limit)
    )
    claims = []
    for delivery, subscriber in rows.all():
        lesson = course.lessons.get(delivery.lesson_id)
        taken = await session.execute(
            update(Delivery)
            .where(col(Delivery.id) == delivery.id, col(Delivery.status) == DeliveryStatus.FAILED)
            .values(status=DeliveryStatus.CLAIMED, retry_at=None)
            .execution_options(synchronize_session=False)
        )
        if lesson is None or not isinstance(taken, CursorResult) or taken.rowcount != 1:
            continue
        total = course.total(delivery.track)
        claims.append(
            Claim(
                delivery_id=delivery.id or 0,
                chat_id=subscriber.chat_id,
                lesson=lesson,
                number=delivery.position + 1,
                total=total,
                final=delivery.position + 1 >= total,
                lesson_sent=delivery.lesson_sent,
            )
        )
    await session.commit()
    return claims


async def mark_blocked(*, session: AsyncSession, chat_id: int, now: datetime) -> None:
    """Stop sending to someone who blocked the bot or deleted their account."""
    await session.execute(
        update(Subscriber)
        .where(col(Subscriber.chat_id) == chat_id)
        .values(
            status=Status.BLOCKED, next_delivery_at=None, version=col(Subscriber.version) + 1, updated_at=now
        )
    )
    await session.commit()

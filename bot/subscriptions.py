"""Subscriber lifecycle: start, consent, time and zone, pause, resume, stop, and the status view."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession
from sqlmodel import col

from bot import schedule
from bot.course import Course
from bot.models import Status, Subscriber


@dataclass(frozen=True)
class StatusView:
    """What /status and the confirmations show, already in the user's local time."""

    state: str
    done: int
    total: int
    current_title: str | None
    current_topic: str | None
    next_title: str | None
    next_topic: str | None
    next_delivery: str | None
    paused_until: str | None
    delivery_time: str
    timezone: str
    consent: bool | None


@dataclass(frozen=True)
class Change:
    """A status view plus whether the command changed anything."""

    view: StatusView
    changed: bool


@dataclass(frozen=True)
class StartResult:
    """The outcome of /start."""

    is_new: bool
    finished: bool
    view: StatusView


async def get_subscriber(*, session: AsyncSession, chat_id: int, lock: bool = True) -> Subscriber | None:
    """Return a private chat's subscriber, locked for this transaction on PostgreSQL unless lock=False."""
    # The row lock makes a command's read-modify-write atomic with respect to the delivery sweep.
    query = (
        select(Subscriber)
        .where(col(Subscriber.chat_id) == chat_id)
        .execution_options(populate_existing=True)  # never an object left stale by a Core update
    )
    return (await session.execute(query.with_for_update() if lock else query)).scalar_one_or_none()


def reschedule(subscriber: Subscriber, *, now: datetime) -> None:
    """Recompute the next delivery instant from the subscriber's state, time and zone."""
    if subscriber.status == Status.ACTIVE:
        not_before = None
    elif subscriber.status == Status.PAUSED and subscriber.paused_until is not None:
        not_before = subscriber.paused_until
    else:
        subscriber.next_delivery_at = None
        return
    subscriber.next_delivery_at = schedule.next_delivery(
        now=now,
        at=schedule.parse_time(subscriber.delivery_time),
        zone_name=subscriber.timezone,
        not_before=not_before,
        last_lesson_date=subscriber.last_lesson_date,
    )


def view(subscriber: Subscriber, *, course: Course, now: datetime) -> StatusView:
    """Describe a subscriber for the user, in their own time zone."""
    total = course.total(subscriber.track)
    current = course.lesson_at(subscriber.track, subscriber.position - 1)
    upcoming = course.lesson_at(subscriber.track, subscriber.position)
    zone_name = subscriber.timezone
    return StatusView(
        state=subscriber.status,
        done=min(subscriber.position, total),
        total=total,
        current_title=current.title if current else None,
        current_topic=course.topic_label(current) if current else None,
        next_title=upcoming.title if upcoming else None,
        next_topic=course.topic_label(upcoming) if upcoming else None,
        next_delivery=(
            schedule.describe_local(subscriber.next_delivery_at, zone_name, now=now)
            if subscriber.next_delivery_at
            else None
        ),
        paused_until=(
            schedule.describe_local(subscriber.paused_until, zone_name, now=now)
            if subscriber.paused_until
            else None
        ),
        delivery_time=subscriber.delivery_time,
        timezone=zone_name,
        consent=subscriber.consent,
    )


async def _save(session: AsyncSession, subscriber: Subscriber, now: datetime) -> None:
    subscriber.updated_at = now
    subscriber.version = (subscriber.version or 0) + 1
    session.add(subscriber)
    await session.commit()


async def start(
    *, session: AsyncSession, chat_id: int, course: Course, now: datetime, delivery_time: str, timezone: str
) -> StartResult:
    """Subscribe a new person, or welcome back an existing one without resetting progress."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    is_new = subscriber is None
    if subscriber is None:
        subscriber = Subscriber(
            chat_id=chat_id,
            status=Status.ACTIVE,
            delivery_time=delivery_time,
            timezone=timezone,
            created_at=now,
        )
    elif subscriber.status in {Status.STOPPED, Status.BLOCKED}:
        subscriber.status = Status.ACTIVE
    if subscriber.status != Status.FINISHED:
        reschedule(subscriber, now=now)
    try:
        await _save(session, subscriber, now)
    except IntegrityError:
        # Another process subscribed the same chat a moment ago: greet them as the existing subscriber.
        await session.rollback()
        return await start(
            session=session,
            chat_id=chat_id,
            course=course,
            now=now,
            delivery_time=delivery_time,
            timezone=timezone,
        )
    finished = subscriber.status == Status.FINISHED
    return StartResult(is_new=is_new, finished=finished, view=view(subscriber, course=course, now=now))


async def restart_course(
    *, session: AsyncSession, chat_id: int, course: Course, now: datetime
) -> StatusView | None:
    """Begin the course again from its first lesson after finishing it."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None or subscriber.status != Status.FINISHED:
        return None
    subscriber.status, subscriber.track, subscriber.position = Status.ACTIVE, "main", 0
    reschedule(subscriber, now=now)
    await _save(session, subscriber, now)
    return view(subscriber, course=course, now=now)


async def set_consent(*, session: AsyncSession, chat_id: int, consent: bool, now: datetime) -> bool:
    """Record whether the person allows their replies to be stored; False if they never started."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return False
    subscriber.consent, subscriber.consent_at = consent, now
    await _save(session, subscriber, now)
    return True


async def set_time(
    *, session: AsyncSession, chat_id: int, text: str, course: Course, now: datetime
) -> StatusView | None:
    """Set the daily delivery time from user text; raise InputError on a bad time."""
    at = schedule.parse_time(text)
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return None
    subscriber.delivery_time = at.strftime("%H:%M")
    reschedule(subscriber, now=now)
    await _save(session, subscriber, now)
    return view(subscriber, course=course, now=now)


async def set_timezone(
    *, session: AsyncSession, chat_id: int, text: str, course: Course, now: datetime
) -> StatusView | None:
    """Set the time zone from an IANA name or UTC offset; raise InputError on an unknown zone."""
    zone_name = schedule.parse_timezone(text)
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return None
    subscriber.timezone = zone_name
    reschedule(subscriber, now=now)
    await _save(session, subscriber, now)
    return view(subscriber, course=course, now=now)


async def pause(
    *, session: AsyncSession, chat_id: int, duration: timedelta | None, course: Course, now: datetime
) -> StatusView | None:
    """Pause lessons, indefinitely or for a duration after which they resume by themselves."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return None
    if subscriber.status in {Status.ACTIVE, Status.PAUSED}:
        subscriber.status = Status.PAUSED
        subscriber.paused_until = now + duration if duration else None
        reschedule(subscriber, now=now)
        await _save(session, subscriber, now)
    return view(subscriber, course=course, now=now)


async def resume(*, session: AsyncSession, chat_id: int, course: Course, now: datetime) -> Change | None:
    """Resume daily lessons after a pause, an unsubscribe or a delivery block."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return None
    changed = subscriber.status in {Status.PAUSED, Status.STOPPED, Status.BLOCKED}
    if changed:
        subscriber.status, subscriber.paused_until = Status.ACTIVE, None
        reschedule(subscriber, now=now)
        await _save(session, subscriber, now)
    return Change(view(subscriber, course=course, now=now), changed)


async def stop(*, session: AsyncSession, chat_id: int, course: Course, now: datetime) -> Change | None:
    """Unsubscribe: no more lessons, progress kept."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id)
    if subscriber is None:
        return None
    changed = subscriber.status != Status.STOPPED
    if changed:
        subscriber.status, subscriber.paused_until = Status.STOPPED, None
        reschedule(subscriber, now=now)
        await _save(session, subscriber, now)
    return Change(view(subscriber, course=course, now=now), changed)


async def status(*, session: AsyncSession, chat_id: int, course: Course, now: datetime) -> StatusView | None:
    """Return the status view of a subscriber, or None if they never started."""
    subscriber = await get_subscriber(session=session, chat_id=chat_id, lock=False)
    return view(subscriber, course=course, now=now) if subscriber else None

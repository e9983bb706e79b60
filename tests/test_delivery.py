from datetime import UTC, datetime, timedelta

from sqlalchemy import select
from sqlmodel import col

from bot.models import Delivery, Subscriber
from tests.conftest import Person, run_sweep


async def _deliveries(app, chat_id: int) -> list[Delivery]:
    async with app.bot_data.sessions() as session:
        sub = (
            await session.execute(select(Subscriber).where(col(Subscriber.chat_id) == chat_id))
        ).scalar_one()
        rows = await session.execute(
            select(Delivery).where(col(Delivery.subscriber_id) == sub.id).order_by(col(Delivery.seq))
        )
        return list(rows.scalars())


async def test_lesson_arrives_at_the_chosen_minute(person: Person, app, clock):
    await person.onboard(at="07:30", zone="Europe/Berlin")  # 06:30 UTC in winter
    clock.set(datetime(2026, 3, 2, 6, 29, 59, tzinfo=UTC))
    await run_sweep(app)
    assert person.new_texts() == []
    clock.set(datetime(2026, 3, 2, 6, 30, tzinfo=UTC))
    await run_sweep(app)
    lesson, question = person.new_texts()
    assert lesson.startswith("<b>Lesson 1 of 26") and "To reflect on" in question
    (row,) = await _deliveries(app, person.chat_id)
    assert (row.lesson_id, row.status, row.trigger) == ("welcome", "sent", "schedule")


async def test_delivery_follows_dst_change(person: Person, app, clock):
    # New York switches to daylight time on 2026-03-08: 08:00 local is 13:00 UTC before, 12:00 UTC after.
    clock.set(datetime(2026, 3, 7, 0, 0, tzinfo=UTC))
    await person.onboard(at="08:00", zone="America/New_York")
    clock.set(datetime(2026, 3, 7, 13, 0, tzinfo=UTC))
    await run_sweep(app)
    assert len(person.new_texts()) == 2
    clock.set(datetime(2026, 3, 8, 11, 59, tzinfo=UTC))
    await run_sweep(app)
    assert person.new_texts() == []
    clock.set(datetime(2026, 3, 8, 12, 0, tzinfo=UTC))
    await run_sweep(app)
    assert "Lesson 2 of 26" in person.new_texts()[0]


async def test_sweeping_twice_never_sends_twice(person: Person, app, clock):
    await person.onboard(at="09:00")
    clock.set(datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC))
    await run_sweep(app)
    await run_sweep(app)
    assert len(person.new_texts()) == 2
    assert len(await _deliveries(app, person.chat_id)) == 1


async def test_catch_up_after_downtime_is_one_lesson(person: Person, app, clock):
    await person.onboard(at="09:00")
    clock.set(datetime(2026, 3, 6, 15, 0, tzinfo=UTC))  # the bot was down for four delivery days
    await run_sweep(app)
    await run_sweep(app)
    texts = person.new_texts()
    assert len(texts) == 2 and "Lesson 1 of 26" in texts[0]
    async with app.bot_data.sessions() as session:
        sub = (await session.execute(select(Subscriber))).scalar_one()
    assert sub.next_delivery_at == datetime(2026, 3, 7, 9, 0, tzinfo=UTC)


async def test_catch_up_before_todays_slot_counts_as_today(person: Person, app, clock):
    await person.onboard(at="09:00")
    clock.set(datetime(2026, 3, 4, 8, 0, tzinfo=UTC))  # missed yesterday's 09:00, today's is an hour away
    await run_sweep(app)
    assert len(person.new_texts()) == 2
    clock.set(datetime(2026, 3, 4, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    assert person.new_texts() == []


async def test_whole_course_then_finish(person: Person, app, clock, course):
    await person.onboard(at="09:00")
    day = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
    for _ in range(course.total() + 2):
        clock.set(day)
        await run_sweep(app)
        day += timedelta(days=1)
    texts = person.new_texts()
    lessons = [t for t in texts if t.startswith("<b>Lesson")]
    assert len(lessons) == course.total()
    assert "last lesson" in texts[-1]
    (status,) = await person.send("/status")
    assert "26 of 26" in status and "completed" in status


async def test_next_sends_now_and_respects_daily_cap(person: Person, app, clock):
    await person.onboard(at="09:00")
    for number in (1, 2, 3):
        texts = await person.send("/next")
        assert f"Lesson {number} of 26" in texts[0]
    (capped,) = await person.send("/next")
    assert "3 lessons today" in capped
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await run_sweep(app)  # today's lesson was already taken with /next
    assert person.new_texts() == []
    clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    assert "Lesson 4 of 26" in person.new_texts()[0]


async def test_blocked_user_is_marked_and_others_still_get_lessons(app, api, clock):
    first, second = Person(app, api, 2001), Person(app, api, 2002)
    await first.onboard()
    await second.onboard()
    api.fail("sendMessage", 403, "Forbidden: bot was blocked by the user")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    async with app.bot_data.sessions() as session:
        subs = {s.chat_id: s for s in (await session.execute(select(Subscriber))).scalars()}
    statuses = sorted(s.status for s in subs.values())
    assert statuses == ["active", "blocked"]
    assert len(first.new_texts()) + len(second.new_texts()) == 2


async def test_failed_send_is_retried_by_a_later_sweep(person: Person, app, api, clock):
    await person.onboard(at="09:00")
    api.fail("sendMessage", 502, "Bad Gateway")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    assert person.new_texts() == []
    (row,) = await _deliveries(app, person.chat_id)
    assert (row.status, row.attempts) == ("failed", 1)
    assert row.retry_at == datetime(2026, 3, 2, 9, 1, tzinfo=UTC)
    await run_sweep(app)  # not yet time to retry
    assert person.new_texts() == []
    clock.set(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
    await run_sweep(app)
    lesson, _question = person.new_texts()
    assert "Lesson 1 of 26" in lesson
    (row,) = await _deliveries(app, person.chat_id)
    assert row.status == "sent" and row.retry_at is None


async def test_429_retry_after_is_waited_out(person: Person, app, api, clock):
    await person.onboard(at="09:00")
    api.fail("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    lesson, _question = person.new_texts()
    assert "Lesson 1 of 26" in lesson
    (row,) = await _deliveries(app, person.chat_id)
    assert (row.status, row.attempts) == ("sent", 0)
    assert [c.ok for c in api.calls if c.method == "sendMessage"][-3:] == [False, True, True]


async def test_retry_after_a_lost_question_does_not_repeat_the_lesson(person: Person, app, api, clock):
    await person.onboard(at="09:00")
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    api.fail_after("sendMessage", 1, 500, "Internal Server Error")  # the lesson goes out, its question fails
    await run_sweep(app)
    (lesson,) = person.new_texts()
    assert "Lesson 1 of 26" in lesson
    clock.set(datetime(2026, 3, 2, 9, 1, tzinfo=UTC))
    await run_sweep(app)
    (question,) = person.new_texts()
    assert "To reflect on" in question
    (row,) = await _deliveries(app, person.chat_id)
    assert (row.status, row.lesson_sent, row.attempts) == ("sent", True, 1)

"""Two sweepers on one database (as two processes would be) and handlers racing the sweep."""

import asyncio
from collections import Counter
from datetime import UTC, datetime

from sqlalchemy import func, select

from bot import subscriptions
from bot.app import build_application
from bot.models import Delivery, Subscriber
from tests.conftest import Person, make_settings

USERS = 300


async def _subscribe(app, course, clock, chat_ids) -> None:
    async with app.bot_data.sessions() as session:
        for chat_id in chat_ids:
            await subscriptions.start(
                session=session,
                chat_id=chat_id,
                course=course,
                now=clock.now(),
                delivery_time="09:00",
                timezone="UTC",
            )


async def test_two_sweepers_send_each_lesson_once(app, api, database_url, course, clock):
    await _subscribe(app, course, clock, range(10_000, 10_000 + USERS))
    other = build_application(
        make_settings(api, database_url, sweep_batch_size=50), course=course, clock=clock
    )
    await other.initialize()
    try:
        clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
        assert app.job_queue is not None and other.job_queue is not None
        jobs = [q.get_jobs_by_name("delivery-sweep")[0] for q in (app.job_queue, other.job_queue)]
        await asyncio.gather(jobs[0].run(app), jobs[1].run(other))
    finally:
        await other.shutdown()
        await other.bot_data.engine.dispose()
    per_chat = Counter(int(m["chat_id"]) for m in api.sent() if "Lesson 1 of 26" in m["text"])
    assert len(per_chat) == USERS and set(per_chat.values()) == {1}
    async with app.bot_data.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Delivery)) == USERS


async def test_commands_while_the_sweep_runs(app, api, course, clock):
    await _subscribe(app, course, clock, range(20_000, 20_000 + USERS))
    people = [Person(app, api, chat_id) for chat_id in range(20_000, 20_010)]
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    (job,) = app.job_queue.get_jobs_by_name("delivery-sweep")
    await asyncio.gather(job.run(app), *(p.feed(p.message("/time 10:00")) for p in people))
    for p in people:
        texts = p.new_texts()
        assert any("Done: daily at <b>10:00</b>" in t for t in texts), texts
        assert not any("went wrong" in t for t in texts)
    # Whoever changed their time before the sweep reached them gets today's lesson at 10:00 instead.
    clock.set(datetime(2026, 3, 2, 10, 0, tzinfo=UTC))
    await job.run(app)
    per_chat = Counter(int(m["chat_id"]) for m in api.sent() if m["text"].startswith("<b>Lesson"))
    assert len(per_chat) == USERS and set(per_chat.values()) == {1}


async def test_same_person_starting_on_two_replicas_at_once(app, api, database_url, course, clock):
    other = build_application(make_settings(api, database_url), course=course, clock=clock)
    await other.initialize()
    try:
        here, there = Person(app, api, 30_001), Person(other, api, 30_001)
        await asyncio.gather(here.feed(here.message("/start")), there.feed(there.message("/start")))
    finally:
        await other.shutdown()
        await other.bot_data.engine.dispose()
    replies = [m["text"] for m in api.sent(30_001)]
    assert len(replies) == 2 and not any("went wrong" in r for r in replies)
    async with app.bot_data.sessions() as session:
        assert await session.scalar(select(func.count()).select_from(Subscriber)) == 1

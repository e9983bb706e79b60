from datetime import UTC, datetime

from sqlalchemy import select
from sqlmodel import col

from bot.models import Reflection
from tests.conftest import Person, run_sweep, stored


async def _reflections(app) -> list[Reflection]:
    async with app.bot_data.sessions() as session:
        return list((await session.execute(select(Reflection).order_by(col(Reflection.id)))).scalars())


async def test_pause_without_duration_until_resume(person: Person, app, clock):
    await person.onboard(at="09:00")
    (paused,) = await person.send("/pause")
    assert "Paused" in paused and "/resume" in paused
    assert (await stored(app, person.chat_id)).next_delivery_at is None
    clock.set(datetime(2026, 3, 5, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    assert person.new_texts() == []
    (status,) = await person.send("/status")
    assert "Paused" in status
    (resumed,) = await person.send("/resume")
    assert "next lesson arrives tomorrow at 09:00" in resumed
    (again,) = await person.send("/resume")
    assert "not paused" in again
    clock.set(datetime(2026, 3, 6, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    assert "Lesson 1 of 26" in person.new_texts()[0]


async def test_pause_with_duration_resumes_by_itself(person: Person, app, clock):
    await person.onboard(at="09:00")
    (paused,) = await person.send("/pause 3d")
    assert "Paused until Thu 5 Mar at 06:00" in paused and "next one comes Thu 5 Mar at 09:00" in paused
    for day in (2, 3, 4, 5):
        clock.set(datetime(2026, 3, day, 9, 0, tzinfo=UTC))
        await run_sweep(app)
        if day < 5:
            assert person.new_texts() == []
    assert "Lesson 1 of 26" in person.new_texts()[0]
    assert (await stored(app, person.chat_id)).status == "active"


async def test_pause_two_weeks(person: Person, app):
    await person.onboard()
    (paused,) = await person.send("/pause 2w")
    assert "Paused until" in paused
    sub = await stored(app, person.chat_id)
    assert sub.next_delivery_at == datetime(2026, 3, 16, 9, 0, tzinfo=UTC)  # 14 days after 06:00 on 2 March


async def test_stop_unsubscribes_and_start_comes_back(person: Person, app, clock):
    await person.onboard()
    await person.send("/next")
    (stopped,) = await person.send("/stop")
    assert "unsubscribed" in stopped
    (again,) = await person.send("/stop")
    assert "already unsubscribed" in again
    clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    assert person.new_texts() == []
    (back,) = await person.send("/start")
    assert "Welcome back" in back and "Lesson 1 of 26" in back
    sub = await stored(app, person.chat_id)
    assert sub.status == "active" and sub.position == 1


async def test_status_shows_lesson_topic_and_local_time(person: Person, clock):
    await person.onboard(at="20:15", zone="Asia/Kolkata")
    await person.send("/next")
    (status,) = await person.send("/status")
    assert "Lesson 1 of 26" in status
    assert "Next up: " in status and "Unconditional Positive Regard" in status
    assert "20:15 (Asia/Kolkata)" in status and "Next delivery: tomorrow at 20:15" in status


async def test_reply_is_stored_against_the_lesson(person: Person, app, api, clock):
    await person.onboard(consent=True)
    clock.set(datetime(2026, 3, 2, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    person.new_texts()
    (thanks,) = await person.send("I felt accepted by my grandmother.")
    assert "Thank you" in thanks and "kept" in thanks
    clock.set(datetime(2026, 3, 3, 9, 0, tzinfo=UTC))
    await run_sweep(app)
    person.new_texts()
    await person.send("Second thoughts on the welcome.")
    rows = await _reflections(app)
    assert [(r.lesson_id, r.text) for r in rows] == [
        ("welcome", "I felt accepted by my grandmother."),
        ("unconditional-positive-regard", "Second thoughts on the welcome."),
    ]


async def test_reply_to_an_earlier_question_is_filed_there(person: Person, app, clock):
    await person.onboard(consent=True)
    await person.send("/next")
    async with app.bot_data.sessions() as session:
        from bot.models import Delivery

        first = (await session.execute(select(Delivery))).scalar_one()
    await person.send("/next")
    reply_to = {
        "message_id": first.question_message_id,
        "date": 0,
        "chat": {"id": person.chat_id, "type": "private"},
    }
    await person.send("About the first one", reply_to_message=reply_to)
    (row,) = await _reflections(app)
    assert row.lesson_id == "welcome" and row.delivery_id == first.id


async def test_no_consent_means_nothing_stored(person: Person, app):
    await person.onboard(consent=False)
    await person.send("/next")
    (answer,) = await person.send("Something private")
    assert "haven't stored it" in answer
    assert await _reflections(app) == []


async def test_reply_before_any_lesson(person: Person, app):
    await person.onboard()
    (answer,) = await person.send("hello?")
    assert "first lesson" in answer
    assert await _reflections(app) == []


async def test_help_lists_commands(person: Person):
    (text,) = await person.send("/help")
    for command in ("/pause", "/resume", "/stop", "/status", "/next", "/time", "/timezone"):
        assert command in text


async def test_reply_waits_out_a_429(person: Person, api):
    await person.onboard()
    api.fail("sendMessage", 429, "Too Many Requests: retry after 1", {"retry_after": 1})
    (status,) = await person.send("/status")
    assert "Lesson 1 of 26" in status

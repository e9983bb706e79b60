from typing import Any

import pytest
from sqlalchemy import select

from bot.models import Subscriber
from tests.conftest import Person


@pytest.mark.parametrize(
    ("command", "expected"),
    [
        ("/time 25:99", "not a valid time"),
        ("/time banana", "not a time of day"),
        ("/time", "Usage: /time HH:MM"),
        ("/timezone Mars/Base", "don't know the time zone"),
        ("/timezone UTC+15", "outside the real range"),
        ("/timezone", "Usage: /timezone"),
        ("/pause banana", "not a duration"),
        ("/pause 900w", "longest pause"),
        ("/frobnicate", "I don't know /frobnicate"),
    ],
)
async def test_bad_arguments_get_a_clear_answer(person: Person, app, command, expected):
    await person.onboard(at="09:00", zone="Europe/Berlin")
    (answer,) = await person.send(command)
    assert expected in answer
    async with app.bot_data.sessions() as session:
        sub = (await session.execute(select(Subscriber))).scalar_one()
    assert (sub.delivery_time, sub.timezone, sub.status) == ("09:00", "Europe/Berlin", "active")


@pytest.mark.parametrize(
    ("command", "stored"),
    [
        ("/time 7:05", ("07:05", "UTC")),
        ("/timezone america/new_york", ("09:00", "America/New_York")),
        ("/timezone UTC+5:30", ("09:00", "UTC+05:30")),
        ("/timezone -3", ("09:00", "UTC-03:00")),
    ],
)
async def test_typed_time_and_zone(person: Person, app, command, stored):
    await person.onboard()
    (answer,) = await person.send(command)
    assert "Done" in answer
    async with app.bot_data.sessions() as session:
        sub = (await session.execute(select(Subscriber))).scalar_one()
    assert (sub.delivery_time, sub.timezone) == stored


@pytest.mark.parametrize(
    "extra",
    [
        {
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            }
        },
        {"photo": [{"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}]},
        {"location": {"latitude": 1.0, "longitude": 2.0}},
        {"voice": {"file_id": "v", "file_unique_id": "v", "duration": 3}},
    ],
)
async def test_non_text_messages(person: Person, extra):
    await person.onboard()
    (answer,) = await person.send(None, **extra)
    assert "only read text" in answer


async def test_group_chat_is_told_private_only(app, api):
    group = Person(app, api, chat_id=-5001, chat_type="group")
    for text in ("/start", "hello bot", "/status"):
        (answer,) = await group.send(text)
        assert "private chats only" in answer
    async with app.bot_data.sessions() as session:
        assert (await session.execute(select(Subscriber))).first() is None


@pytest.mark.parametrize(
    "command", ["/status", "/next", "/pause", "/resume", "/stop", "/time 08:00", "hi there"]
)
async def test_strangers_are_invited_to_start(app, api, command):
    stranger = Person(app, api, chat_id=7007)
    (answer,) = await stranger.send(command)
    assert "/start" in answer


@pytest.mark.parametrize("data", ["nonsense", "time:99:99", "tz:Mars/Base", "restart", "", "consent:maybe"])
async def test_forged_or_stale_buttons(person: Person, api, data):
    await person.onboard()
    (answer,) = await person.tap(data)
    assert "expired" in answer
    assert api.methods("answerCallbackQuery")


async def test_edited_message_is_ignored_quietly(person: Person):
    await person.onboard()
    update = person.message("edited text")
    update["edited_message"] = update.pop("message")
    update["edited_message"]["edit_date"] = update["edited_message"]["date"]
    await person.feed(update)
    assert person.new_texts() == []


async def test_commands_without_entities_and_with_bot_name(person: Person):
    await person.onboard()
    update = person.message("/status")
    del update["message"]["entities"]
    await person.feed(update)
    assert "Lesson 1 of 26</b> is next" in person.new_texts()[0]
    (answer,) = await person.send("/Status@between_sessions_bot")
    assert "Lesson 1 of 26</b> is next" in answer
    update = person.message("/time 07:45")
    del update["message"]["entities"]
    await person.feed(update)
    assert "07:45" in person.new_texts()[0]


def _membership(chat: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    user = {"id": 77, "is_bot": False, "first_name": "Sam"}
    bot = {"id": 4242, "is_bot": True, "first_name": "Between Sessions"}
    return {
        "update_id": 99_000,
        "my_chat_member": {
            "chat": chat,
            "from": user,
            "date": 0,
            "old_chat_member": {"user": bot, "status": old},
            "new_chat_member": {"user": bot, "status": new, **({"until_date": 0} if new == "kicked" else {})},
        },
    }


async def test_added_to_a_group_explains_itself(app, api):
    group = Person(app, api, chat_id=-6001, chat_type="group")
    await group.feed(_membership({"id": -6001, "type": "group", "title": "G"}, "left", "member"))
    (answer,) = group.new_texts()
    assert "private chats only" in answer


async def test_blocking_the_bot_stops_lessons(person: Person, app):
    await person.onboard()
    await person.feed(_membership({"id": person.chat_id, "type": "private"}, "member", "kicked"))
    async with app.bot_data.sessions() as session:
        sub = (await session.execute(select(Subscriber))).scalar_one()
    assert sub.status == "blocked" and sub.next_delivery_at is None

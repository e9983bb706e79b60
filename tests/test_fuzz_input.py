"""Random input never crashes the bot, never goes unanswered, and never corrupts what is stored."""

import random

from bot.subscriptions import get_subscriber
from tests.conftest import Person

COMMANDS = [
    "/start",
    "/status",
    "/next",
    "/time",
    "/timezone",
    "/pause",
    "/resume",
    "/stop",
    "/help",
    "/nope",
]


def _random_text(rng: random.Random) -> str:
    alphabet = [chr(rng.randrange(0, 0x2FFFF)) for _ in range(64)] + list("0123456789:+-/ @.")
    return "".join(rng.choice(alphabet) for _ in range(rng.choice([1, 3, 10, 200, 4000])))


async def test_random_messages_and_arguments(person: Person, app):
    await person.onboard(at="09:00", zone="Europe/Berlin")
    rng = random.Random(20261126)
    for _ in range(150):
        text = _random_text(rng)
        if rng.random() < 0.5:
            text = f"{rng.choice(COMMANDS)} {text}"
        texts = await person.send(text)
        assert texts, f"no answer to {text[:40]!r}"
        assert not any("went wrong" in t for t in texts), text[:80]
    async with app.bot_data.sessions() as session:
        subscriber = await get_subscriber(session=session, chat_id=person.chat_id)
    assert subscriber is not None
    assert len(subscriber.delivery_time) == 5 and subscriber.timezone


async def test_random_button_data(person: Person):
    await person.onboard()
    rng = random.Random(7)
    prefixes = ["", "time:", "tz:", "consent:", "restart"]
    for _ in range(60):
        data = (rng.choice(prefixes) + _random_text(rng))[:64]
        texts = await person.tap(data)
        assert texts and not any("went wrong" in t for t in texts), data

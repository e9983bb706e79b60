"""Shared fixtures: a real database (SQLite file, and PostgreSQL when TEST_DATABASE_URL is set),
the fake Bot API over HTTP, a movable clock, and the real Application wired to all three."""

from __future__ import annotations

import asyncio
import os
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from telegram import Update

from bot.app import BotApp, build_application
from bot.clock import ManualClock
from bot.config import Settings
from bot.course import Course, load_course
from bot.db import make_engine, upgrade
from bot.models import Subscriber
from bot.subscriptions import get_subscriber
from tests.fake_bot_api import FakeBotAPI

os.environ.setdefault("PTB_TIMEDELTA", "1")  # as python -m bot does (see bot/__main__.py)
TOKEN = "123456:TEST-token-never-logged"
LESSONS = Path(__file__).resolve().parent.parent / "lessons"


def _database_params() -> list[str]:
    params = ["sqlite"]
    if os.environ.get("TEST_DATABASE_URL"):
        params.append("postgresql")
    return params


async def _reset_postgres(url: str) -> None:
    engine = make_engine(url)
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


@pytest.fixture(params=_database_params())
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A freshly migrated database: a SQLite file, or the PostgreSQL server from TEST_DATABASE_URL."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'bot.db'}"
    else:
        url = os.environ["TEST_DATABASE_URL"]
        await _reset_postgres(url)
    await asyncio.to_thread(upgrade, url)
    return url


@pytest.fixture(scope="session")
def course() -> Course:
    return load_course(LESSONS)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(datetime(2026, 3, 2, 6, 0, tzinfo=UTC))


@pytest.fixture
async def api() -> AsyncIterator[FakeBotAPI]:
    fake = FakeBotAPI()
    await fake.start()
    yield fake
    await fake.stop()


def make_settings(api: FakeBotAPI, database_url: str, **extra: Any) -> Settings:
    return Settings(
        _env_file=None,
        telegram_bot_token=TOKEN,
        telegram_api_base_url=api.base_url,
        database_url=database_url,
        **{"max_messages_per_second": 0, **extra},
    )


@pytest.fixture
async def app(
    api: FakeBotAPI, database_url: str, course: Course, clock: ManualClock
) -> AsyncIterator[BotApp]:
    application = build_application(make_settings(api, database_url), course=course, clock=clock)
    await application.initialize()
    yield application
    await application.shutdown()
    await application.bot_data.engine.dispose()


class Person:
    """A Telegram user in a private chat with the bot, driven through real updates."""

    def __init__(self, app: BotApp, api: FakeBotAPI, chat_id: int, chat_type: str = "private") -> None:
        self.app, self.api, self.chat_id, self.chat_type = app, api, chat_id, chat_type
        self._seen = 0

    def _chat(self) -> dict[str, Any]:
        chat: dict[str, Any] = {"id": self.chat_id, "type": self.chat_type}
        if self.chat_type != "private":
            chat["title"] = "A group"
        return chat

    def _user(self) -> dict[str, Any]:
        return {"id": abs(self.chat_id), "is_bot": False, "first_name": "Sam"}

    def message(self, text: str | None = None, **extra: Any) -> dict[str, Any]:
        message: dict[str, Any] = {
            "message_id": self.api.next_update_id() + 10_000,
            "date": int(datetime.now(UTC).timestamp()),
            "chat": self._chat(),
            "from": self._user(),
            **extra,
        }
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        return {"update_id": self.api.next_update_id(), "message": message}

    async def feed(self, update: dict[str, Any]) -> None:
        await self.app.process_update(Update.de_json(update, self.app.bot))

    async def send(self, text: str | None = None, **extra: Any) -> list[str]:
        await self.feed(self.message(text, **extra))
        return self.new_texts()

    async def tap(self, data: str) -> list[str]:
        update = {
            "update_id": self.api.next_update_id(),
            "callback_query": {
                "id": str(self.api.next_update_id()),
                "from": self._user(),
                "chat_instance": "ci",
                "data": data,
                "message": {
                    "message_id": 1,
                    "date": int(datetime.now(UTC).timestamp()),
                    "chat": self._chat(),
                    "text": "buttons",
                },
            },
        }
        await self.feed(update)
        return self.new_texts()

    def new_messages(self) -> list[dict[str, Any]]:
        sent = self.api.sent(self.chat_id)
        fresh, self._seen = sent[self._seen :], len(sent)
        return fresh

    def new_texts(self) -> list[str]:
        return [m.get("text", "") for m in self.new_messages()]

    async def onboard(self, *, consent: bool = True, at: str = "09:00", zone: str = "UTC") -> None:
        await self.send("/start")
        await self.tap("consent:yes" if consent else "consent:no")
        await self.tap(f"time:{at}")
        await self.tap(f"tz:{zone}")
        self.new_texts()


@pytest.fixture
def person(app: BotApp, api: FakeBotAPI) -> Person:
    return Person(app, api, chat_id=1001)


async def stored(app: BotApp, chat_id: int) -> Subscriber:
    """Read a subscriber back from the database."""
    async with app.bot_data.sessions() as session:
        subscriber = await get_subscriber(session=session, chat_id=chat_id)
    assert subscriber is not None
    return subscriber


async def run_sweep(app: BotApp) -> None:
    """Run the real repeating delivery job once, as the scheduler would."""
    assert app.job_queue is not None
    (job,) = app.job_queue.get_jobs_by_name("delivery-sweep")
    await job.run(app)

"""The real polling loop and job queue, over HTTP, against the fake Bot API."""

import asyncio
import os
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

from bot.app import ALLOWED_UPDATES, build_application
from tests.conftest import TOKEN, Person, make_settings

ROOT = Path(__file__).resolve().parent.parent


async def _wait_for(predicate, limit: float = 15.0) -> None:
    deadline = asyncio.get_running_loop().time() + limit
    while not predicate():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError("timed out waiting for the bot")
        await asyncio.sleep(0.05)


async def test_polling_and_scheduled_delivery_in_process(api, database_url, course, clock):
    settings = make_settings(api, database_url, sweep_interval_seconds=0.2)
    application = build_application(settings, course=course, clock=clock)
    person = Person(application, api, chat_id=3003)
    await application.initialize()
    await application.post_init(application)  # type: ignore[misc]
    await application.start()
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=0.0, timeout=1, allowed_updates=ALLOWED_UPDATES)
    try:
        api.push_update(person.message("/start"))
        await _wait_for(lambda: len(api.sent(3003)) >= 1)
        api.push_update(person.message("/time 10:15"))
        await _wait_for(lambda: len(api.sent(3003)) >= 2)
        assert "10:15" in api.sent(3003)[-1]["text"]
        clock.set(datetime(2026, 3, 2, 10, 15, tzinfo=UTC))
        await _wait_for(lambda: len(api.sent(3003)) >= 4)  # the job queue's sweep delivers lesson + question
        assert "Lesson 1 of 26" in api.sent(3003)[2]["text"]
    finally:
        await application.updater.stop()
        await application.stop()
        await application.shutdown()
        await application.bot_data.engine.dispose()


async def test_python_m_bot_run_end_to_end(api, tmp_path):
    env = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.base_url,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'run.db'}",
        "SWEEP_INTERVAL_SECONDS": "1",
        "LOG_LEVEL": "DEBUG",
    }
    proc = await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        "run",
        cwd=tmp_path,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE,
    )
    person = Person(None, api, chat_id=4004)  # type: ignore[arg-type]
    try:
        await _wait_for(lambda: api.methods("setMyCommands"), limit=30)
        api.push_update(person.message("/start"))
        await _wait_for(lambda: len(api.sent(4004)) >= 1)
        assert "not therapy" in api.sent(4004)[0]["text"]
        api.push_update(person.message("/next"))
        await _wait_for(lambda: len(api.sent(4004)) >= 3)
        assert "Lesson 1 of 26" in api.sent(4004)[1]["text"]
        api.push_update(person.message("/status"))
        await _wait_for(lambda: len(api.sent(4004)) >= 4)
        assert "Lesson 1 of 26" in api.sent(4004)[3]["text"]
    finally:
        proc.send_signal(signal.SIGTERM)
        _, stderr = await asyncio.wait_for(proc.communicate(), timeout=30)
    logs = stderr.decode()
    assert proc.returncode == 0, logs
    assert TOKEN not in logs and "TEST-token" not in logs
    assert (tmp_path / "run.db").exists()

"""Build the Telegram application: settings, database, course and clock wired into one typed context."""

from __future__ import annotations

import logging
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from telegram import BotCommand, Update
from telegram.error import TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackContext,
    ContextTypes,
    ExtBot,
    JobQueue,
)

from bot import texts
from bot.clock import Clock, SystemClock
from bot.config import Settings
from bot.course import Course
from bot.db import make_engine, make_sessions
from bot.ratelimit import FanOutRateLimiter

log = logging.getLogger(__name__)

ALLOWED_UPDATES = [Update.MESSAGE, Update.EDITED_MESSAGE, Update.CALLBACK_QUERY, Update.MY_CHAT_MEMBER]


class Deps:
    """What every handler and job needs, held in ``bot_data`` as one typed object."""

    settings: Settings
    course: Course
    clock: Clock
    engine: AsyncEngine
    sessions: async_sessionmaker[AsyncSession]


class BotContext(CallbackContext[ExtBot[int], dict[Any, Any], dict[Any, Any], Deps]):
    """Callback context with typed access to the bot's dependencies."""

    @property
    def deps(self) -> Deps:
        """Return the shared dependencies."""
        return self.bot_data


BotApp = Application[ExtBot[int], BotContext, dict[Any, Any], dict[Any, Any], Deps, JobQueue[BotContext]]


async def _post_init(application: BotApp) -> None:
    try:
        await application.bot.set_my_commands([BotCommand(name, text) for name, text in texts.COMMANDS])
    except TelegramError as exc:  # the menu is a convenience; the bot works without it
        log.warning("could not register the command menu: %s", exc)


async def _post_shutdown(application: BotApp) -> None:
    await application.bot_data.engine.dispose()


def build_application(
    settings: Settings, *, course: Course, clock: Clock | None = None, token: str | None = None
) -> BotApp:
    """Create the Application with its handlers, error handler and the repeating delivery sweep."""
    from bot.handlers import register
    from bot.jobs import sweep

    context_types = ContextTypes(context=BotContext, bot_data=Deps)
    application = cast(
        BotApp,
        ApplicationBuilder()
        .token(token or settings.require_token())
        .base_url(settings.telegram_api_base_url)
        .context_types(context_types)
        .rate_limiter(FanOutRateLimiter(settings.max_messages_per_second))
        .post_init(_post_init)
        .post_shutdown(_post_shutdown)
        .build(),
    )
    deps = application.bot_data
    deps.settings, deps.course, deps.clock = settings, course, clock or SystemClock()
    deps.engine = make_engine(settings.database_url)
    deps.sessions = make_sessions(deps.engine)
    register(application)
    assert application.job_queue is not None, "install python-telegram-bot[job-queue]"
    application.job_queue.run_repeating(
        sweep, interval=settings.sweep_interval_seconds, first=1.0, name="delivery-sweep"
    )
    return application

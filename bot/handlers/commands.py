"""The everyday commands: /status, /next, /time, /timezone, /pause, /resume, /stop, /help."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import CommandHandler, filters

from bot import delivery, schedule, subscriptions, texts
from bot.app import BotApp, BotContext
from bot.delivery import NextOutcome
from bot.handlers import onboarding
from bot.handlers.common import answer, argument, chat_id
from bot.jobs import send_claim
from bot.schedule import InputError


async def status(update: Update, context: BotContext) -> None:
    """Show where the subscriber is in the course."""
    deps = context.deps
    async with deps.sessions() as session:
        view = await subscriptions.status(
            session=session, chat_id=chat_id(update), course=deps.course, now=deps.clock.now()
        )
    await answer(update, context, texts.status(view) if view else texts.not_subscribed())


async def next_lesson(update: Update, context: BotContext) -> None:
    """Send today's or the next lesson now, within the daily cap."""
    deps, chat = context.deps, chat_id(update)
    now = deps.clock.now()
    async with deps.sessions() as session:
        outcome, claim = await delivery.claim_next(
            session=session,
            course=deps.course,
            chat_id=chat,
            now=now,
            daily_cap=deps.settings.daily_lesson_cap,
        )
        capped = outcome is NextOutcome.CAPPED
        view = await subscriptions.status(session=session, chat_id=chat, course=deps.course, now=now)
    if claim is not None:
        await send_claim(context.bot, deps, claim, fanout=False)
    elif capped and view is not None:
        await answer(update, context, texts.daily_cap(deps.settings.daily_lesson_cap, view))
    else:
        reply = {
            NextOutcome.PAUSED: texts.next_while_paused,
            NextOutcome.STOPPED: texts.stopped_hint,
            NextOutcome.FINISHED: texts.finished_status,
        }.get(outcome, texts.not_subscribed)
        await answer(update, context, reply())


Setter = Callable[..., Coroutine[Any, Any, subscriptions.StatusView | None]]


async def _set_schedule(
    update: Update, context: BotContext, setter: Setter, question: str, usage: str
) -> None:
    deps, text = context.deps, argument(update)
    if not text:
        await answer(update, context, texts.bad_input(question, usage))
        return
    try:
        async with deps.sessions() as session:
            view = await setter(
                session=session, chat_id=chat_id(update), text=text, course=deps.course, now=deps.clock.now()
            )
    except InputError as exc:
        await answer(update, context, texts.bad_input(str(exc), usage))
        return
    await answer(update, context, texts.time_set(view) if view else texts.not_subscribed())


async def set_time(update: Update, context: BotContext) -> None:
    """Set the daily delivery time: /time HH:MM."""
    usage = "Usage: /time HH:MM, for example /time 08:30."
    await _set_schedule(update, context, subscriptions.set_time, "Which time would you like?", usage)


async def set_timezone(update: Update, context: BotContext) -> None:
    """Set the time zone: /timezone Europe/Berlin or /timezone UTC+2."""
    usage = "Usage: /timezone Europe/Berlin, or an offset such as /timezone UTC+5:30."
    await _set_schedule(update, context, subscriptions.set_timezone, "Which time zone are you in?", usage)


async def pause(update: Update, context: BotContext) -> None:
    """Pause lessons: /pause, /pause 3d, /pause 2w."""
    deps, text = context.deps, argument(update)
    try:
        duration = schedule.parse_duration(text) if text else None
    except InputError as exc:
        await answer(update, context, texts.bad_input(str(exc), "Usage: /pause, /pause 3d or /pause 2w."))
        return
    async with deps.sessions() as session:
        view = await subscriptions.pause(
            session=session,
            chat_id=chat_id(update),
            duration=duration,
            course=deps.course,
            now=deps.clock.now(),
        )
    if view is None:
        reply = texts.not_subscribed()
    elif view.state == "paused":
        reply = texts.paused(view)
    else:
        reply = texts.status(view)
    await answer(update, context, reply)


async def resume(update: Update, context: BotContext) -> None:
    """Resume daily lessons."""
    deps = context.deps
    async with deps.sessions() as session:
        change = await subscriptions.resume(
            session=session, chat_id=chat_id(update), course=deps.course, now=deps.clock.now()
        )
    if change is None:
        reply = texts.not_subscribed()
    elif change.view.state == "finished":
        reply = texts.finished_status()
    else:
        reply = texts.resumed(change.view) if change.changed else texts.already_active(change.view)
    await answer(update, context, reply)


async def stop(update: Update, context: BotContext) -> None:
    """Unsubscribe, keeping progress."""
    deps = context.deps
    async with deps.sessions() as session:
        change = await subscriptions.stop(
            session=session, chat_id=chat_id(update), course=deps.course, now=deps.clock.now()
        )
    if change is None:
        reply = texts.not_subscribed()
    else:
        reply = texts.stopped() if change.changed else texts.already_stopped()
    await answer(update, context, reply)


async def help_command(update: Update, context: BotContext) -> None:
    """List the commands."""
    await answer(update, context, texts.help_text())


ROUTES: dict[str, Callable[[Update, BotContext], Coroutine[Any, Any, None]]] = {
    "start": onboarding.start,
    "status": status,
    "next": next_lesson,
    "time": set_time,
    "timezone": set_timezone,
    "pause": pause,
    "resume": resume,
    "stop": stop,
    "help": help_command,
}


def register(application: BotApp) -> None:
    """Attach the command handlers (private chats only)."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    for name, callback in ROUTES.items():
        application.add_handler(CommandHandler(name, callback, filters=private))

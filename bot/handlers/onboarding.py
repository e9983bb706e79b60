"""/start, consent, and the time and zone pickers."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextlib import suppress

from sqlalchemy.ext.asyncio import AsyncSession
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import TelegramError
from telegram.ext import CallbackQueryHandler

from bot import subscriptions, texts
from bot.app import BotApp, BotContext, Deps
from bot.handlers.common import answer, chat_id
from bot.schedule import InputError

CONSENT_YES, CONSENT_NO, RESTART = "consent:yes", "consent:no", "restart"
# The same choice made later, from "welcome back": it confirms without reopening the time picker.
CHANGE_YES, CHANGE_NO = "consent:yes:change", "consent:no:change"


def consent_keyboard() -> InlineKeyboardMarkup:
    """Ask whether replies may be stored."""
    return InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Yes, keep my replies", callback_data=CONSENT_YES)],
            [InlineKeyboardButton("No, don't store what I write", callback_data=CONSENT_NO)],
        ]
    )


def change_consent_keyboard(consent: bool | None) -> InlineKeyboardMarkup:
    """Offer to change a consent choice made earlier."""
    if consent:
        return InlineKeyboardMarkup(
            [[InlineKeyboardButton("Stop keeping my replies", callback_data=CHANGE_NO)]]
        )
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton("Keep my replies from now on", callback_data=CHANGE_YES)]]
    )


def time_keyboard() -> InlineKeyboardMarkup:
    """Offer a few delivery times."""
    buttons = [InlineKeyboardButton(t, callback_data=f"time:{t}") for t in texts.TIME_PRESETS]
    return InlineKeyboardMarkup([buttons[:3], buttons[3:]])


def zone_keyboard() -> InlineKeyboardMarkup:
    """Offer common time zones."""
    buttons = [InlineKeyboardButton(z.replace("_", " "), callback_data=f"tz:{z}") for z in texts.ZONE_PRESETS]
    return InlineKeyboardMarkup([buttons[i : i + 2] for i in range(0, len(buttons), 2)])


async def start(update: Update, context: BotContext) -> None:
    """Welcome a new person, or a returning one without resetting their progress."""
    deps = context.deps
    async with deps.sessions() as session:
        result = await subscriptions.start(
            session=session,
            chat_id=chat_id(update),
            course=deps.course,
            now=deps.clock.now(),
            delivery_time=deps.settings.default_delivery_time,
            timezone=deps.settings.default_timezone,
        )
    if result.is_new:
        await answer(
            update,
            context,
            texts.welcome(course_title=deps.course.title, total=result.view.total),
            consent_keyboard(),
        )
    elif result.finished:
        restart = InlineKeyboardMarkup(
            [[InlineKeyboardButton("Start the course again", callback_data=RESTART)]]
        )
        await answer(update, context, texts.finished_status(), restart)
    else:
        markup = (
            consent_keyboard()
            if result.view.consent is None
            else change_consent_keyboard(result.view.consent)
        )
        await answer(update, context, texts.welcome_back(result.view), markup)


Reply = tuple[str, InlineKeyboardMarkup | None]


async def _consent(session: AsyncSession, chat: int, data: str, deps: Deps) -> Reply:
    consent, later = data.startswith(CONSENT_YES), data.endswith(":change")
    if not await subscriptions.set_consent(
        session=session, chat_id=chat, consent=consent, now=deps.clock.now()
    ):
        return texts.not_subscribed(), None
    if later:
        return texts.consent_changed(consent), None
    return texts.consent_recorded(consent), time_keyboard()


async def _time(session: AsyncSession, chat: int, data: str, deps: Deps) -> Reply:
    view = await subscriptions.set_time(
        session=session,
        chat_id=chat,
        text=data.removeprefix("time:"),
        course=deps.course,
        now=deps.clock.now(),
    )
    return (
        (texts.choose_zone(view.delivery_time), zone_keyboard()) if view else (texts.not_subscribed(), None)
    )


async def _zone(session: AsyncSession, chat: int, data: str, deps: Deps) -> Reply:
    view = await subscriptions.set_timezone(
        session=session, chat_id=chat, text=data.removeprefix("tz:"), course=deps.course, now=deps.clock.now()
    )
    return (texts.schedule_set(view), None) if view else (texts.not_subscribed(), None)


async def _restart(session: AsyncSession, chat: int, data: str, deps: Deps) -> Reply:
    view = await subscriptions.restart_course(
        session=session, chat_id=chat, course=deps.course, now=deps.clock.now()
    )
    return (texts.schedule_set(view), None) if view else (texts.expired_button(), None)


def _route(data: str) -> Callable[[AsyncSession, int, str, Deps], Awaitable[Reply]] | None:
    if data in {CONSENT_YES, CONSENT_NO, CHANGE_YES, CHANGE_NO}:
        return _consent
    if data.startswith("time:"):
        return _time
    if data.startswith("tz:"):
        return _zone
    return _restart if data == RESTART else None


async def button(update: Update, context: BotContext) -> None:
    """Handle every inline button; stale or forged data gets a gentle note."""
    query = update.callback_query
    assert query is not None
    if update.effective_chat is None or update.effective_chat.type != "private":
        await query.answer(texts.private_only())
        return
    data = query.data or ""
    route = _route(data)
    reply: Reply = (texts.expired_button(), None)
    if route is not None:
        try:
            async with context.deps.sessions() as session:
                reply = await route(session, chat_id(update), data, context.deps)
        except InputError:
            pass  # a forged time or zone: the "expired" answer fits
    # "query is too old" (e.g. after a restart) must not stop the reply below.
    with suppress(TelegramError):
        await query.answer()
    await answer(update, context, *reply)


def register(application: BotApp) -> None:
    """Attach the onboarding handlers."""
    application.add_handler(CallbackQueryHandler(button))

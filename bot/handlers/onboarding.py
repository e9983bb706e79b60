"""/start, consent, and the time and zone pickers."""

from __future__ import annotations

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import CallbackQueryHandler

from bot import subscriptions, texts
from bot.app import BotApp, BotContext
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


async def button(update: Update, context: BotContext) -> None:
    """Handle every inline button; stale or forged data gets a gentle note."""
    query = update.callback_query
    assert query is not None
    if update.effective_chat is None or update.effective_chat.type != "private":
        await query.answer(texts.private_only())
        return
    data, deps, chat = query.data or "", context.deps, chat_id(update)
    now = deps.clock.now()
    try:
        async with deps.sessions() as session:
            if data in {CONSENT_YES, CONSENT_NO}:
                known = await subscriptions.set_consent(
                    session=session, chat_id=chat, consent=data == CONSENT_YES, now=now
                )
                reply, markup = (
                    (texts.consent_recorded(data == CONSENT_YES), time_keyboard())
                    if known
                    else (texts.not_subscribed(), None)
                )
            elif data in {CHANGE_YES, CHANGE_NO}:
                known = await subscriptions.set_consent(
                    session=session, chat_id=chat, consent=data == CHANGE_YES, now=now
                )
                reply = texts.consent_changed(data == CHANGE_YES) if known else texts.not_subscribed()
                markup = None
            elif data.startswith("time:"):
                view = await subscriptions.set_time(
                    session=session, chat_id=chat, text=data[5:], course=deps.course, now=now
                )
                reply, markup = (
                    (texts.choose_zone(view.delivery_time), zone_keyboard())
                    if view
                    else (texts.not_subscribed(), None)
                )
            elif data.startswith("tz:"):
                view = await subscriptions.set_timezone(
                    session=session, chat_id=chat, text=data[3:], course=deps.course, now=now
                )
                reply, markup = (texts.schedule_set(view), None) if view else (texts.not_subscribed(), None)
            elif data == RESTART:
                view = await subscriptions.restart_course(
                    session=session, chat_id=chat, course=deps.course, now=now
                )
                reply, markup = (texts.schedule_set(view), None) if view else (texts.expired_button(), None)
            else:
                reply, markup = texts.expired_button(), None
    except InputError:
        reply, markup = texts.expired_button(), None
    await query.answer()
    await answer(update, context, reply, markup)


def register(application: BotApp) -> None:
    """Attach the onboarding handlers."""
    application.add_handler(CallbackQueryHandler(button))

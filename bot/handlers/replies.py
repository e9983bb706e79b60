"""Free-text replies, and a kind answer for everything else: unknown commands, media, group chats."""

from __future__ import annotations

from telegram import Update
from telegram.ext import MessageHandler, filters

from bot import reflections, texts
from bot.app import BotApp, BotContext
from bot.handlers.commands import ROUTES
from bot.handlers.common import answer, chat_id, command_name
from bot.reflections import ReplyOutcome


async def reply(update: Update, context: BotContext) -> None:
    """Store a reply as the reflection on its lesson (with consent) and acknowledge it warmly."""
    message = update.effective_message
    assert message is not None and message.text is not None
    if message.text.startswith("/"):
        # A client or emulator that sends a command without its bot_command entity.
        await unknown_command(update, context)
        return
    deps = context.deps
    replied_to = message.reply_to_message.message_id if message.reply_to_message else None
    async with deps.sessions() as session:
        outcome = await reflections.record_reply(
            session=session,
            chat_id=chat_id(update),
            text=message.text,
            reply_to_message_id=replied_to,
            now=deps.clock.now(),
        )
    text = {
        ReplyOutcome.SAVED: texts.reflection_saved(),
        ReplyOutcome.NO_CONSENT: texts.reflection_not_stored(None),
        ReplyOutcome.DECLINED: texts.reflection_not_stored(False),
        ReplyOutcome.NO_LESSON: texts.reply_before_lesson(),
        ReplyOutcome.UNKNOWN: texts.not_subscribed(),
        ReplyOutcome.STOPPED: texts.stopped_hint(),
    }[outcome]
    await answer(update, context, text)


async def unknown_command(update: Update, context: BotContext) -> None:
    """Route a command the command handlers did not take, or say the bot does not have it."""
    message = update.effective_message
    name = command_name(message.text or "") if message else ""
    route = ROUTES.get(name)
    if route is not None:
        await route(update, context)
        return
    await answer(update, context, texts.unknown_command("/" + name if name else "that command"))


async def not_text(update: Update, context: BotContext) -> None:
    """Answer stickers, photos, voice notes, locations and the like."""
    await answer(update, context, texts.not_text())


async def private_only(update: Update, context: BotContext) -> None:
    """Explain, in a group, that the bot works in private chats only."""
    await answer(update, context, texts.private_only())


def register_groups(application: BotApp) -> None:
    """Answer messages in groups before any other handler sees them."""
    application.add_handler(
        MessageHandler(filters.ChatType.GROUPS & filters.UpdateType.MESSAGE, private_only)
    )


def register(application: BotApp) -> None:
    """Attach the reply and fallback handlers; they come after every command."""
    private = filters.ChatType.PRIVATE & filters.UpdateType.MESSAGE
    application.add_handler(MessageHandler(private & filters.COMMAND, unknown_command))
    application.add_handler(MessageHandler(private & filters.TEXT, reply))
    application.add_handler(MessageHandler(private, not_text))

"""Small helpers shared by the handlers."""

from __future__ import annotations

from telegram import InlineKeyboardMarkup, Update
from telegram.constants import ParseMode

from bot.app import BotContext


async def answer(
    update: Update, context: BotContext, text: str, markup: InlineKeyboardMarkup | None = None
) -> None:
    """Send an HTML reply to the chat the update came from."""
    chat = update.effective_chat
    if chat is None:
        return
    await context.bot.send_message(chat.id, text, parse_mode=ParseMode.HTML, reply_markup=markup)


def chat_id(update: Update) -> int:
    """Return the id of the chat an update came from."""
    assert update.effective_chat is not None
    return update.effective_chat.id


def argument(context: BotContext) -> str:
    """Return a command's arguments as one string."""
    return " ".join(context.args or []).strip()

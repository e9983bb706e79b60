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


def argument(update: Update) -> str:
    """Return everything after the command word, as one string."""
    message = update.effective_message
    parts = (message.text or "").split(maxsplit=1) if message else []
    return parts[1].strip() if len(parts) > 1 else ""


def command_name(text: str) -> str:
    """Return the command word of ``/Name@bot args`` as ``name``."""
    return text.split(maxsplit=1)[0][1:].split("@", 1)[0].lower() if text.startswith("/") else ""

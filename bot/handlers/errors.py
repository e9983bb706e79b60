"""One place for unexpected errors: log them, apologise to the user, keep serving."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import TelegramError

from bot import texts
from bot.app import BotApp, BotContext
from bot.handlers.common import answer

log = logging.getLogger(__name__)


async def on_error(update: object, context: BotContext) -> None:
    """Log the failure without message contents and tell a private-chat user something went wrong."""
    update_id = update.update_id if isinstance(update, Update) else None
    log.error("error while handling update %s", update_id, exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat and update.effective_chat.type == "private":
        try:
            await answer(update, context, texts.internal_error())
        except TelegramError:
            log.warning("could not tell chat about the error")


def register(application: BotApp) -> None:
    """Attach the error handler."""
    application.add_error_handler(on_error)

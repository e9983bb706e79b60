"""The bot's own membership: blocked in a private chat, or added to a group."""

from __future__ import annotations

from telegram import ChatMember, Update
from telegram.ext import ChatMemberHandler

from bot import delivery, texts
from bot.app import BotApp, BotContext
from bot.handlers.common import answer

GONE = {ChatMember.BANNED, ChatMember.LEFT}


async def membership(update: Update, context: BotContext) -> None:
    """Stop lessons to someone who blocked the bot; tell a group the bot is for private chats."""
    change = update.my_chat_member
    if change is None:
        return
    status, chat = change.new_chat_member.status, change.chat
    if chat.type == "private" and status in GONE:
        async with context.deps.sessions() as session:
            await delivery.mark_blocked(session=session, chat_id=chat.id, now=context.deps.clock.now())
    elif chat.type in {"group", "supergroup"} and status not in GONE:
        await answer(update, context, texts.private_only())


def register(application: BotApp) -> None:
    """Attach the membership handler."""
    application.add_handler(ChatMemberHandler(membership, ChatMemberHandler.MY_CHAT_MEMBER))

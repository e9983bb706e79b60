"""The delivery sweep: one repeating job that claims due subscribers in batches and sends their lesson."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

from telegram import Message
from telegram.constants import ParseMode
from telegram.error import Forbidden, TelegramError
from telegram.ext import ExtBot

from bot import delivery, texts
from bot.app import BotContext, Deps
from bot.delivery import Claim
from bot.ratelimit import FANOUT

log = logging.getLogger(__name__)

SEND_CONCURRENCY = 16

ClaimBatch = Callable[..., Awaitable[list[Claim]]]


async def send_claim(bot: ExtBot[int], deps: Deps, claim: Claim, *, fanout: bool) -> bool:
    """Send a claimed lesson and its question, then record the outcome; True if it arrived."""
    bulk = FANOUT if fanout else None  # only the fan-out counts against the overall rate

    async def say(text: str) -> Message:
        return await bot.send_message(claim.chat_id, text, parse_mode=ParseMode.HTML, rate_limit_args=bulk)

    lesson_sent = claim.lesson_sent
    try:
        if not lesson_sent:
            await say(texts.lesson_text(claim.lesson, claim.number, claim.total))
            lesson_sent = True
        question = await say(texts.question_text(claim.lesson))
        if claim.final:
            await say(texts.course_finished())
    except Forbidden:
        log.info("chat %s blocked the bot; no more lessons for it", claim.chat_id)
        async with deps.sessions() as session:
            await delivery.mark_failed(
                session=session,
                delivery_id=claim.delivery_id,
                now=deps.clock.now(),
                lesson_sent=lesson_sent,
                retry=False,
            )
            await delivery.mark_blocked(session=session, chat_id=claim.chat_id, now=deps.clock.now())
        return False
    except TelegramError as exc:
        log.warning("lesson %s to chat %s failed: %s", claim.lesson.id, claim.chat_id, exc)
        async with deps.sessions() as session:
            await delivery.mark_failed(
                session=session, delivery_id=claim.delivery_id, now=deps.clock.now(), lesson_sent=lesson_sent
            )
        return False
    async with deps.sessions() as session:
        await delivery.confirm_sent(
            session=session,
            delivery_id=claim.delivery_id,
            question_message_id=question.message_id,
            now=deps.clock.now(),
        )
    return True


async def sweep(context: BotContext) -> None:
    """Re-send failed lessons whose retry time has come, then deliver every due lesson in batches."""
    deps = context.deps
    limit = deps.settings.sweep_batch_size
    gate = asyncio.Semaphore(SEND_CONCURRENCY)

    async def send(claim: Claim) -> bool:
        async with gate:
            return await send_claim(context.bot, deps, claim, fanout=True)

    async def claim_and_send(claim_batch: ClaimBatch, what: str) -> int:
        async with deps.sessions() as session:
            claims = await claim_batch(session=session, course=deps.course, now=deps.clock.now(), limit=limit)
        if claims:
            sent = await asyncio.gather(*(send(claim) for claim in claims))
            log.info("sweep %s %d of %d lessons", what, sum(sent), len(claims))
        return len(claims)

    await claim_and_send(delivery.claim_retries, "re-sent")
    while await claim_and_send(delivery.claim_due, "delivered") >= limit:
        pass

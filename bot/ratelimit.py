"""Telegram's overall message rate applies to the lesson fan-out; replies go straight through."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from telegram._utils.types import JSONDict
from telegram.ext import AIORateLimiter

# Passed as ``rate_limit_args`` by the fan-out: it marks a bulk send and is also the number of
# times a 429 is waited out (python-telegram-bot reads the value as the retry count).
FANOUT = 3


class FanOutRateLimiter(AIORateLimiter):
    """python-telegram-bot's limiter, with only the bulk lesson sends counted against the overall cap.

    Replies to a person's own message do not queue behind a fan-out of thousands of lessons,
    and every request, reply or not, still waits out a 429 ``retry_after``.
    """

    def __init__(self, max_messages_per_second: float) -> None:
        super().__init__(overall_max_rate=max_messages_per_second, max_retries=FANOUT)

    async def process_request(
        self,
        callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any,
        kwargs: dict[str, Any],
        endpoint: str,
        data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        """Count a request against the overall cap only when the fan-out marked it."""
        if rate_limit_args is None:
            # The parent limits any request that names a chat; a copy without it passes freely.
            data = {key: value for key, value in data.items() if key != "chat_id"}
        return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)

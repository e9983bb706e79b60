"""Telegram handlers, registered feature by feature."""

from __future__ import annotations

from bot.app import BotApp
from bot.handlers import commands, errors, membership, onboarding, replies


def register(application: BotApp) -> None:
    """Attach every handler to the application, in the order they must be tried."""
    replies.register_groups(application)
    onboarding.register(application)
    commands.register(application)
    replies.register(application)
    membership.register(application)
    errors.register(application)

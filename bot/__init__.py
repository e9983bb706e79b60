"""Between Sessions: a Telegram micro-course bot."""

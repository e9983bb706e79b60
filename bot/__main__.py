"""Entry point for ``python -m bot``."""

import os
import sys

# Opt in to python-telegram-bot's timedelta durations now, so a 429 does not log a deprecation warning.
os.environ.setdefault("PTB_TIMEDELTA", "1")

from bot.cli import main

if __name__ == "__main__":
    sys.exit(main())

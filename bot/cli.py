"""Command line: ``python -m bot run | db upgrade | lessons check``."""

from __future__ import annotations

import argparse
import logging
import sys
from pathlib import Path

from bot.config import SettingsError, load_settings
from bot.course import CourseError, load_course, report

log = logging.getLogger("bot")


class RedactSecrets(logging.Filter):
    """Replace secrets (the bot token) wherever they would appear in a log line."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s]

    def filter(self, record: logging.LogRecord) -> bool:
        """Render the record once with secrets masked."""
        message = record.getMessage()
        if any(secret in message for secret in self.secrets):
            for secret in self.secrets:
                message = message.replace(secret, "[redacted]")
            record.msg, record.args = message, None
        return True


def setup_logging(level: str, secrets: list[str]) -> None:
    """Log to stderr at the chosen level, with secrets masked and chatty libraries quieted."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(RedactSecrets(secrets))
    logging.basicConfig(level=level, handlers=[handler], force=True)
    # httpx logs every request URL, and Telegram URLs contain the token.
    for noisy in ("httpx", "httpcore", "apscheduler"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def _lessons_check(directory: Path) -> int:
    try:
        course = load_course(directory)
    except CourseError as exc:
        print(f"lessons check failed: {len(exc.problems)} problem(s)", file=sys.stderr)
        for problem in exc.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(report(course))
    return 0


def _migrate(url: str) -> None:
    from bot.db import upgrade

    try:
        upgrade(url)
    except Exception as exc:  # any driver or connection error: report it in one line, not a traceback
        raise SettingsError(
            f"cannot bring the database schema up to date: {type(exc).__name__}: {exc}"
        ) from exc


def _db_upgrade() -> int:
    _migrate(load_settings().database_url)
    print("database schema is up to date")
    return 0


def _run() -> int:
    from bot.app import ALLOWED_UPDATES, build_application

    settings = load_settings()
    token = settings.require_token()
    setup_logging(settings.log_level, [token])
    course = load_course(settings.lessons_dir)
    _migrate(settings.database_url)
    application = build_application(settings, course=course, token=token)
    log.info("starting %s with %d lessons (long polling)", course.title, course.total())
    application.run_polling(allowed_updates=ALLOWED_UPDATES)
    return 0


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen verb."""
    parser = argparse.ArgumentParser(prog="python -m bot", description="Between Sessions Telegram bot")
    verbs = parser.add_subparsers(dest="verb", required=True)
    verbs.add_parser("run", help="migrate the database, then run the bot (long polling)")
    db = verbs.add_parser("db", help="database tasks")
    db.add_subparsers(dest="task", required=True).add_parser("upgrade", help="apply the migrations")
    lessons = verbs.add_parser("lessons", help="course tasks")
    check = lessons.add_subparsers(dest="task", required=True).add_parser("check", help="validate lessons/")
    check.add_argument("--dir", type=Path, default=None, help="course folder (default: the bundled lessons/)")
    args = parser.parse_args(argv)
    try:
        if args.verb == "lessons":
            return _lessons_check(args.dir or load_settings().lessons_dir)
        if args.verb == "db":
            return _db_upgrade()
        return _run()
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except CourseError as exc:
        print(
            f"error: the course is invalid ({exc.problems[0]}); run python -m bot lessons check",
            file=sys.stderr,
        )
        return 2
    except OSError as exc:
        print(f"error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 2

"""Every message the bot can send is valid for Telegram: HTML it accepts, within 4096 characters."""

import inspect
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from bot import texts
from bot.handlers import onboarding
from bot.subscriptions import StatusView

ALLOWED_TAGS = {"b", "i"}


class _TagChecker(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.stack: list[str] = []
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in ALLOWED_TAGS:
            self.errors.append(f"tag <{tag}>")
        self.stack.append(tag)

    def handle_endtag(self, tag):
        if not self.stack or self.stack.pop() != tag:
            self.errors.append(f"unbalanced </{tag}>")

    def handle_entityref(self, name):
        if name not in {"lt", "gt", "amp", "quot"}:
            self.errors.append(f"entity &{name};")


def assert_valid(text: str) -> None:
    assert 0 < len(text) <= 4096
    checker = _TagChecker()
    checker.feed(text)
    checker.close()
    assert not checker.errors and not checker.stack, (checker.errors, text[:200])
    assert not re.search(r"<(?![/bi]>|/[bi]>)", text), text[:200]


VIEWS = [
    StatusView(
        "active",
        0,
        26,
        None,
        None,
        "A <title> & more",
        "1. Topic",
        "today at 09:00",
        None,
        "09:00",
        "UTC",
        None,
    ),
    StatusView(
        "paused",
        5,
        26,
        "Five",
        "2. X",
        "Six",
        "3. Y",
        "Mon 3 Mar at 07:00",
        "Sun 2 Mar at 06:00",
        "07:00",
        "Europe/Berlin",
        True,
    ),
    StatusView("stopped", 26, 26, "Last", "Conclusion", None, None, None, None, "21:00", "UTC+05:30", False),
    StatusView("finished", 26, 26, "Last", "Conclusion", None, None, None, None, "21:00", "UTC", False),
    StatusView("blocked", 3, 26, "T", "1. T", "U", "2. U", None, None, "21:00", "UTC", False),
]


def test_every_lesson_renders_valid(course):
    for lesson in course.lessons.values():
        assert_valid(texts.lesson_text(lesson, 26, 26))
        assert_valid(texts.question_text(lesson))


def test_every_template_renders_valid():
    rendered = 0
    for name, function in inspect.getmembers(texts, inspect.isfunction):
        if name in {"lesson_text", "question_text", "esc", "clean"} or function.__module__ != texts.__name__:
            continue
        params = inspect.signature(function).parameters
        samples: list[dict[str, Any]] = []
        if not params:
            samples = [{}]
        elif "view" in params:
            samples = (
                [{"view": v} for v in VIEWS] if len(params) == 1 else [{"cap": 3, "view": v} for v in VIEWS]
            )
        elif "consent" in params:
            samples = [{"consent": c} for c in (True, False, None)]
        elif name == "welcome":
            samples = [{"course_title": "Between <Sessions>", "total": 26}]
        elif name in {"choose_zone"}:
            samples = [{"at": "09:00"}]
        elif name == "unknown_command":
            samples = [{"command": "/<script>" + "x" * 5000}]
        elif name == "bad_input":
            samples = [{"message": "“<b>” is not a time", "usage": "Usage: /time HH:MM"}]
        assert samples, f"add a sample for texts.{name}"
        for kwargs in samples:
            assert_valid(function(**kwargs))
            rendered += 1
    assert rendered > 30


@pytest.mark.parametrize(
    "keyboard",
    [
        onboarding.consent_keyboard(),
        onboarding.change_consent_keyboard(True),
        onboarding.change_consent_keyboard(False),
        onboarding.time_keyboard(),
        onboarding.zone_keyboard(),
    ],
)
def test_callback_data_fits(keyboard):
    for row in keyboard.inline_keyboard:
        for button in row:
            assert 1 <= len(button.callback_data.encode()) <= 64


def test_menu_and_handlers_name_the_same_commands():
    from bot.handlers.commands import ROUTES

    assert {name for name, _ in texts.COMMANDS} == set(ROUTES)

"""Every message the bot sends, rendered as Telegram HTML from plain values. No lesson content lives here."""

from __future__ import annotations

import html
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.course import Lesson
    from bot.subscriptions import StatusView


def clean(text: str) -> str:
    """Make user text safe to store and echo: drop NUL (PostgreSQL rejects it), replace lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


def esc(text: str) -> str:
    """Escape text for Telegram's HTML parse mode (quotes need no escaping there)."""
    return html.escape(clean(text), quote=False)


COMMANDS: list[tuple[str, str]] = [
    ("start", "Welcome, consent and delivery time"),
    ("status", "Where you are in the course"),
    ("next", "Get today's or the next lesson now"),
    ("time", "Set your daily time, e.g. /time 08:30"),
    ("timezone", "Set your time zone, e.g. /timezone Europe/Berlin"),
    ("pause", "Pause lessons, e.g. /pause or /pause 3d"),
    ("resume", "Resume daily lessons"),
    ("stop", "Unsubscribe (your progress is kept)"),
    ("help", "What I can do"),
]

TIME_PRESETS = ["07:00", "08:00", "09:00", "12:30", "18:00", "21:00"]
ZONE_PRESETS = [
    "UTC",
    "Europe/London",
    "Europe/Berlin",
    "Europe/Moscow",
    "America/New_York",
    "America/Chicago",
    "America/Los_Angeles",
    "America/Sao_Paulo",
    "Asia/Kolkata",
    "Australia/Sydney",
]

URGENT_HELP = (
    "If you are in danger or thinking about ending your life, please contact local emergency services "
    "(112 or 911) or a crisis line now: findahelpline.com lists free, confidential lines in your country."
)


def welcome(*, course_title: str, total: int) -> str:
    """Introduce the bot to someone new, with what it is not, and ask for consent."""
    return (
        f"<b>Welcome to {esc(course_title)}.</b>\n\n"
        f"Once a day, at a time you choose, I'll send you a one-minute lesson ({total} in all) on why "
        "therapy can feel more intimate than any other relationship, and how to carry that closeness into "
        "the rest of your life. Each lesson ends with a question you can answer, or just think about.\n\n"
        "<b>What I am not:</b> I'm an educational companion, not therapy, not a therapist, and not an "
        f"emergency service. {esc(URGENT_HELP)}\n\n"
        "<b>Your replies:</b> may I store what you write to me, so your reflections stay with the lessons "
        "they answer? You can change your mind any time with /start."
    )


def welcome_back(view: StatusView) -> str:
    """Greet a returning subscriber without touching their progress."""
    return "<b>Welcome back.</b> Your progress is safe.\n\n" + status(view)


def consent_recorded(consent: bool) -> str:
    """Confirm the consent choice and lead into choosing a time."""
    if consent:
        head = "Thank you. I'll keep your replies with the lessons they answer, and nothing else."
    else:
        head = "That's fine: I won't store anything you write. You'll still get every lesson."
    return f"{head}\n\n<b>When would you like your daily lesson?</b> Tap a time, or send /time HH:MM."


def consent_changed(consent: bool) -> str:
    """Confirm a later change of the consent choice."""
    if consent:
        return "Done: from now on I'll keep your replies with the lessons they answer."
    return "Done: I won't store anything you write from now on."


def choose_zone(at: str) -> str:
    """Ask for the time zone after a time was picked."""
    return (
        f"Daily at <b>{esc(at)}</b>. <b>Which time zone are you in?</b> Tap one, or send "
        "/timezone followed by a name (Europe/Madrid) or an offset (UTC+5:30)."
    )


def schedule_set(view: StatusView) -> str:
    """Confirm the delivery time and zone."""
    return (
        f"All set: your lesson comes daily at <b>{esc(view.delivery_time)}</b> ({esc(view.timezone)}). "
        f"The next one arrives {esc(view.next_delivery or 'soon')}.\n\n"
        "Can't wait? /next sends it now. /help lists everything else."
    )


def time_set(view: StatusView) -> str:
    """Confirm a new delivery time."""
    when = f" Next lesson: {esc(view.next_delivery)}." if view.next_delivery else ""
    return f"Done: daily at <b>{esc(view.delivery_time)}</b> ({esc(view.timezone)}).{when}"


def lesson_text(lesson: Lesson, number: int, total: int) -> str:
    """Render a lesson: its number, title and body."""
    return f"<b>Lesson {number} of {total} · {esc(lesson.title)}</b>\n\n{esc(lesson.body)}"


def question_text(lesson: Lesson) -> str:
    """Render the reflection question that follows every lesson."""
    return (
        f"<b>To reflect on:</b> {esc(lesson.question)}\n\n"
        "<i>Reply here if you'd like to. There's no need to.</i>"
    )


def course_finished() -> str:
    """Close the course after its last lesson."""
    return (
        "That was the last lesson of the course. Thank you for taking this time for yourself. "
        "I won't send anything more. If you'd like to go through it again, send /start."
    )


def finished_status() -> str:
    """Tell a graduate there is nothing more to send."""
    return "You've completed every lesson. Send /start if you'd like to begin the course again."


def reflection_saved() -> str:
    """Thank someone for a stored reflection."""
    return "Thank you for sharing that. I've kept it with the lesson it answers. 🌱"


def reflection_not_stored(consent: bool | None) -> str:
    """Acknowledge a reply that is not stored because there is no consent."""
    if consent is False:
        return "Thank you for sharing that. As you asked, I haven't stored it."
    return (
        "Thank you for sharing that. I haven't stored it, since you haven't said yet whether I may. "
        "Send /start to choose."
    )


def reply_before_lesson() -> str:
    """Answer text that arrives before any lesson was sent."""
    return (
        "Thank you. Your first lesson hasn't arrived yet; /next brings it now, or wait for your daily time."
    )


def not_subscribed() -> str:
    """Answer someone who has not started the bot yet."""
    return "Hello! I don't know you yet. Send /start to begin the course."


def stopped_hint() -> str:
    """Answer someone who unsubscribed."""
    return "You're unsubscribed, so I'm not sending lessons. Send /start to pick up where you left off."


def status(view: StatusView) -> str:
    """Describe where the subscriber is in the course."""
    if view.done:
        lines = [f"<b>Lesson {view.done} of {view.total}</b> done."]
    else:
        lines = [f"<b>Lesson 1 of {view.total}</b> is next: you haven't had a lesson yet."]
    if view.current_title:
        lines.append(f"Latest: {esc(view.current_title)} ({esc(view.current_topic or '')}).")
    if view.next_title:
        lines.append(f"Next up: {esc(view.next_title)} ({esc(view.next_topic or '')}).")
    if view.state == "paused":
        until = f" until {esc(view.paused_until)}" if view.paused_until else ""
        lines.append(f"⏸ Paused{until}. /resume to continue.")
    elif view.state == "stopped":
        lines.append("You're unsubscribed. /start to continue where you left off.")
    elif view.state == "finished":
        lines.append("You've completed the course. 🎓")
    elif view.state == "blocked":
        lines.append("Lessons are on hold because messages could not be delivered. /resume to continue.")
    if view.next_delivery and view.state in {"active", "paused"}:
        lines.append(f"Next delivery: {esc(view.next_delivery)}.")
    lines.append(f"Daily time: {esc(view.delivery_time)} ({esc(view.timezone)}).")
    return "\n".join(lines)


def paused(view: StatusView) -> str:
    """Confirm a pause."""
    if view.paused_until:
        return (
            f"Paused until {esc(view.paused_until)}. Lessons start again by themselves: the next one "
            f"comes {esc(view.next_delivery or 'after that')}. /resume brings them back sooner."
        )
    return "Paused. Take all the time you need; send /resume whenever you'd like lessons again."


def resumed(view: StatusView) -> str:
    """Confirm lessons are back on."""
    return f"Welcome back. Your next lesson arrives {esc(view.next_delivery or 'soon')}."


def already_active(view: StatusView) -> str:
    """Answer /resume when nothing is paused."""
    return f"You're not paused. Your next lesson arrives {esc(view.next_delivery or 'soon')}."


def stopped() -> str:
    """Confirm unsubscribing."""
    return (
        "You're unsubscribed; I won't send any more lessons. Your progress is kept, so /start picks up "
        "where you left off. Take care."
    )


def already_stopped() -> str:
    """Answer /stop from someone already unsubscribed."""
    return "You're already unsubscribed. /start whenever you'd like to come back."


def daily_cap(cap: int, view: StatusView) -> str:
    """Explain the daily limit on /next."""
    return (
        f"You've had {cap} lessons today, which is plenty to sit with. The next one arrives "
        f"{esc(view.next_delivery or 'tomorrow')}."
    )


def next_while_paused() -> str:
    """Answer /next while paused."""
    return "You're paused right now. Send /resume first, then /next if you'd like a lesson straight away."


def help_text() -> str:
    """List every command."""
    rows = "\n".join(f"/{name}: {esc(text)}" for name, text in COMMANDS)
    return (
        "<b>What I can do</b>\n"
        f"{rows}\n\n"
        "Reply to any lesson in your own words to keep a reflection.\n"
        f"I'm an educational companion, not therapy or an emergency service. {esc(URGENT_HELP)}"
    )


def unknown_command(command: str) -> str:
    """Answer a command the bot does not have."""
    return f"I don't know {esc(command[:40])}. Send /help to see what I can do."


def not_text() -> str:
    """Answer stickers, photos, voice and other non-text messages."""
    return "I can only read text messages. Reply in words if you'd like, or send /help."


def private_only() -> str:
    """Answer anything in a group."""
    return "I work in private chats only, since lessons and reflections are personal. Message me directly."


def bad_input(message: str, usage: str) -> str:
    """Explain what was wrong with a command's argument and how to use it."""
    return f"{esc(message)}\n{esc(usage)}"


def expired_button() -> str:
    """Answer a tap on a button the bot no longer understands."""
    return "That button has expired. Send /help to see what you can do."


def internal_error() -> str:
    """Apologise for an unexpected failure without technical detail."""
    return "Sorry, something went wrong on my side. Please try again in a moment."

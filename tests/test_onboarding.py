from tests.conftest import Person, stored


async def test_start_welcomes_and_asks_consent(person: Person, api, app):
    (welcome,) = await person.send("/start")
    assert "not therapy" in welcome and "emergency" in welcome and "findahelpline.com" in welcome
    markup = api.sent(person.chat_id)[-1]["reply_markup"]
    buttons = [b["callback_data"] for row in markup["inline_keyboard"] for b in row]
    assert buttons == ["consent:yes", "consent:no"]
    sub = await stored(app, person.chat_id)
    assert sub.consent is None and sub.status == "active"


async def test_buttons_choose_time_and_zone(person: Person, api, app, clock):
    await person.send("/start")
    (ask_time,) = await person.tap("consent:yes")
    assert "daily lesson" in ask_time
    (ask_zone,) = await person.tap("time:07:00")
    assert "time zone" in ask_zone
    (done,) = await person.tap("tz:Europe/Berlin")
    assert "07:00" in done and "Europe/Berlin" in done
    sub = await stored(app, person.chat_id)
    assert (sub.consent, sub.delivery_time, sub.timezone) == (True, "07:00", "Europe/Berlin")
    # 2026-03-02 06:00 UTC is 07:00 in Berlin: the first lesson is tomorrow 07:00 CET = 06:00 UTC
    assert sub.next_delivery_at is not None
    assert sub.next_delivery_at.isoformat() == "2026-03-03T06:00:00+00:00"
    assert len(api.methods("answerCallbackQuery")) == 3


async def test_second_start_keeps_progress(person: Person, app):
    await person.onboard()
    await person.send("/next")
    before = await stored(app, person.chat_id)
    (again,) = await person.send("/start")
    assert "Welcome back" in again and "Lesson 1 of 26" in again
    after = await stored(app, person.chat_id)
    assert after.position == before.position == 1


async def test_commands_registered_at_startup(api, database_url, course, clock):
    from bot.app import build_application
    from tests.conftest import make_settings

    application = build_application(make_settings(api, database_url), course=course, clock=clock)
    await application.initialize()
    await application.post_init(application)  # type: ignore[misc]
    await application.shutdown()
    (call,) = api.methods("setMyCommands")
    names = [c["command"] for c in call["commands"]]
    assert {"start", "pause", "resume", "stop", "status", "next", "time", "timezone", "help"} <= set(names)


async def test_consent_can_be_changed_later(person: Person, api, app):
    await person.onboard(consent=True)
    await person.send("/start")
    markup = api.sent(person.chat_id)[-1]["reply_markup"]
    (button,) = [b["callback_data"] for row in markup["inline_keyboard"] for b in row]
    assert button == "consent:no:change"
    (done,) = await person.tap(button)
    assert "won't store" in done
    assert (await stored(app, person.chat_id)).consent is False

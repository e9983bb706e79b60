"""The plain scheduling functions, without Telegram or a database."""

from datetime import UTC, date, datetime, time, timedelta

import pytest

from bot.schedule import InputError, next_delivery, parse_duration, parse_time, parse_timezone


def test_next_delivery_same_day_and_next_day():
    now = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    assert next_delivery(now=now, at=time(9, 0), zone_name="UTC") == datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    assert next_delivery(now=now, at=time(6, 0), zone_name="UTC") == datetime(2026, 6, 2, 6, 0, tzinfo=UTC)


def test_a_day_that_had_its_lesson_is_skipped():
    now = datetime(2026, 6, 1, 7, 0, tzinfo=UTC)
    got = next_delivery(now=now, at=time(9, 0), zone_name="UTC", last_lesson_date=date(2026, 6, 1))
    assert got == datetime(2026, 6, 2, 9, 0, tzinfo=UTC)


def test_wall_time_inside_the_spring_gap_moves_past_it():
    # Europe/Berlin skips 02:00-03:00 on 2026-03-29; 02:30 that day happens at 03:30 CEST = 01:30 UTC.
    now = datetime(2026, 3, 28, 12, 0, tzinfo=UTC)
    got = next_delivery(
        now=now, at=time(2, 30), zone_name="Europe/Berlin", last_lesson_date=date(2026, 3, 28)
    )
    assert got == datetime(2026, 3, 29, 1, 30, tzinfo=UTC)


def test_autumn_fold_delivers_once():
    # 02:30 happens twice in Berlin on 2026-10-25; the first one (CEST, 00:30 UTC) is used.
    now = datetime(2026, 10, 24, 12, 0, tzinfo=UTC)
    got = next_delivery(now=now, at=time(2, 30), zone_name="Europe/Berlin")
    assert got == datetime(2026, 10, 25, 0, 30, tzinfo=UTC)
    after = next_delivery(
        now=got, at=time(2, 30), zone_name="Europe/Berlin", last_lesson_date=date(2026, 10, 25)
    )
    assert after == datetime(2026, 10, 26, 1, 30, tzinfo=UTC)


def test_offset_zones():
    now = datetime(2026, 6, 1, 0, 0, tzinfo=UTC)
    assert next_delivery(now=now, at=time(9, 0), zone_name="UTC+05:30") == datetime(
        2026, 6, 1, 3, 30, tzinfo=UTC
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Europe/Berlin", "Europe/Berlin"),
        ("europe/berlin", "Europe/Berlin"),
        ("UTC", "UTC"),
        ("gmt", "UTC"),
        ("+3", "UTC+03:00"),
        ("UTC-4", "UTC-04:00"),
        ("UTC+5:30", "UTC+05:30"),
        ("GMT+0545", "UTC+05:45"),
        ("UTC+0", "UTC"),
        ("America/Argentina/Buenos_Aires", "America/Argentina/Buenos_Aires"),
    ],
)
def test_parse_timezone(text, expected):
    assert parse_timezone(text) == expected


@pytest.mark.parametrize("text", ["Mars/Base", "UTC+15", "-13", "", "localtime", "Europe/"])
def test_parse_timezone_rejects(text):
    with pytest.raises(InputError):
        parse_timezone(text)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("08:30", time(8, 30)),
        ("7", time(7, 0)),
        ("21h15", time(21, 15)),
        ("9:15 pm", time(21, 15)),
        ("12am", time(0, 0)),
        ("12:30 PM", time(12, 30)),
    ],
)
def test_parse_time(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["25:99", "24:00", "12:60", "noon", "", "-1:00", "13pm", "0am"])
def test_parse_time_rejects(text):
    with pytest.raises(InputError):
        parse_time(text)


def test_parse_duration():
    assert parse_duration("3d") == timedelta(days=3)
    assert parse_duration("2w") == timedelta(weeks=2)
    assert parse_duration("12 hours") == timedelta(hours=12)
    for bad in ("0d", "60w", "soon", "3x"):
        with pytest.raises(InputError):
            parse_duration(bad)

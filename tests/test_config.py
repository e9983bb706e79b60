import pytest
from sqlalchemy.engine import make_url

from bot.config import SettingsError, load_settings
from bot.db import async_url


def test_settings_normalise_and_hide_the_token():
    settings = load_settings(
        _env_file=None,
        telegram_bot_token="1:very-secret",
        telegram_api_base_url="http://127.0.0.1:8081/bot/",
        log_level="debug",
    )
    assert settings.telegram_api_base_url == "http://127.0.0.1:8081/bot"
    assert settings.log_level == "DEBUG"
    assert "very-secret" not in repr(settings) and "very-secret" not in str(settings)
    assert settings.require_token() == "1:very-secret"


@pytest.mark.parametrize(
    ("field", "value", "named"),
    [
        ("database_url", "mysql://x/y", "DATABASE_URL"),
        ("sweep_interval_seconds", "0", "SWEEP_INTERVAL_SECONDS"),
        ("log_level", "LOUD", "LOG_LEVEL"),
        ("default_timezone", "Mars/Base", "DEFAULT_TIMEZONE"),
        ("telegram_api_base_url", "ftp://x", "TELEGRAM_API_BASE_URL"),
    ],
)
def test_invalid_settings_fail_with_one_line(field, value, named):
    with pytest.raises(SettingsError) as caught:
        load_settings(_env_file=None, **{field: value})
    message = str(caught.value)
    assert named in message and "\n" not in message


def test_missing_token():
    with pytest.raises(SettingsError, match="TELEGRAM_BOT_TOKEN"):
        load_settings(_env_file=None).require_token()


@pytest.mark.parametrize(
    ("url", "driver"),
    [
        ("postgresql://u:p@h:5432/db", "postgresql+asyncpg"),
        ("postgres://u@h/db", "postgresql+asyncpg"),
        ("sqlite:///:memory:", "sqlite+aiosqlite"),
        ("sqlite:///data dir/odd:name.db", "sqlite+aiosqlite"),
    ],
)
def test_async_driver_is_chosen(url, driver, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # the SQLite folder is created relative to the working directory
    converted, original = async_url(url), make_url(url)
    assert converted.drivername == driver
    assert (converted.database, converted.username, converted.password) == (
        original.database,
        original.username,
        original.password,
    )

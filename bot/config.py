"""Settings: read once from the environment (and an optional ``.env``), validated at start."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE_URL = "sqlite:///data/bot.db"


def project_path(name: str) -> Path:
    """Locate a top-level project folder (``lessons``, ``migrations``) beside the package, else in the cwd."""
    beside = Path(__file__).resolve().parent.parent / name
    # A non-editable install puts the package in site-packages, away from the project's folders.
    return beside if beside.is_dir() else Path.cwd() / name


LOG_LEVELS = {"CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"}


class SettingsError(Exception):
    """A setting is missing or invalid; the message is one line meant for the operator."""


class Settings(BaseSettings):
    """Every setting of the bot; see the README for what each one does."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    telegram_bot_token: SecretStr | None = None
    telegram_api_base_url: str = "https://api.telegram.org/bot"
    database_url: str = DEFAULT_DATABASE_URL
    sweep_interval_seconds: float = Field(default=30.0, gt=0, le=3600)
    sweep_batch_size: int = Field(default=500, ge=1, le=10_000)
    max_messages_per_second: float = Field(default=30.0, ge=0, le=10_000)
    log_level: str = "INFO"
    lessons_dir: Path = Field(default_factory=lambda: project_path("lessons"))
    default_delivery_time: str = "09:00"
    default_timezone: str = "UTC"
    daily_lesson_cap: int = Field(default=3, ge=1, le=50)

    @field_validator("log_level")
    @classmethod
    def _known_level(cls, value: str) -> str:
        level = value.strip().upper()
        if level not in LOG_LEVELS:
            raise ValueError(f"must be one of {', '.join(sorted(LOG_LEVELS))}")
        return level

    @field_validator("database_url")
    @classmethod
    def _known_database(cls, value: str) -> str:
        scheme = value.split("://", 1)[0].split("+", 1)[0]
        if "://" not in value or scheme not in {"sqlite", "postgresql", "postgres"}:
            raise ValueError("must be a sqlite:/// or postgresql:// URL")
        return value

    @field_validator("telegram_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        # python-telegram-bot appends the token directly: ".../bot/" would become ".../bot/<token>".
        return value.rstrip("/")

    @field_validator("default_delivery_time")
    @classmethod
    def _valid_time(cls, value: str) -> str:
        from bot.schedule import parse_time

        parse_time(value)
        return value

    @field_validator("default_timezone")
    @classmethod
    def _valid_zone(cls, value: str) -> str:
        from bot.schedule import parse_timezone

        return parse_timezone(value)

    def require_token(self) -> str:
        """Return the bot token, or fail with one clear line when it is missing."""
        if self.telegram_bot_token is None or not self.telegram_bot_token.get_secret_value().strip():
            raise SettingsError(
                "TELEGRAM_BOT_TOKEN is not set: create a bot with @BotFather and export its token"
            )
        return self.telegram_bot_token.get_secret_value().strip()


def load_settings(**overrides: object) -> Settings:
    """Load settings once, turning validation errors into a single readable line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            name = str(error["loc"][0]).upper() if error["loc"] else "settings"
            problems.append(f"{name}: {error['msg']}")
        raise SettingsError("invalid setting " + "; ".join(problems)) from None

"""Database engine, sessions and migrations."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy import event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker, create_async_engine

from bot.config import project_path


def async_url(url: str) -> URL:
    """Turn a standard database URL into one naming an async driver (aiosqlite or asyncpg)."""
    parsed = make_url(url)
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        parsed = parsed.set(drivername="sqlite+aiosqlite")
        if parsed.database and parsed.database != ":memory:":
            Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
    elif backend in {"postgresql", "postgres"}:
        parsed = parsed.set(drivername="postgresql+asyncpg")
    else:
        raise ValueError(f"unsupported database: {backend}")
    return parsed


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not the driver, begin transactions (see _sqlite_begin).
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    # SQLite cannot upgrade a read transaction to a write one while another connection writes
    # ("database is locked" at once); taking the write lock up front makes writers queue instead.
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_engine(url: str, **kwargs: Any) -> AsyncEngine:
    """Create the async engine for a standard database URL."""
    engine = create_async_engine(async_url(url), pool_pre_ping=True, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine.sync_engine, "connect", _sqlite_pragmas)
        event.listen(engine.sync_engine, "begin", _sqlite_begin)
    return engine


def make_sessions(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    """Return the session factory every update and job opens its session from."""
    return async_sessionmaker(engine, expire_on_commit=False)


def alembic_config(url: str) -> Config:
    """Build the Alembic configuration for our migrations folder and a database URL."""
    config = Config()
    config.set_main_option("script_location", str(project_path("migrations")))
    # Handed over as an object: a URL rendered to text and parsed again can lose characters.
    config.attributes["url"] = async_url(url)
    return config


def upgrade(url: str, revision: str = "head") -> None:
    """Bring the schema up to date; call outside a running event loop (or in a thread)."""
    command.upgrade(alembic_config(url), revision)

"""The docker-compose file is for users; there is no Docker engine here, so it is checked as data."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def test_compose_runs_the_bot_on_postgres():
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text())
    bot, db = compose["services"]["bot"], compose["services"]["db"]
    assert bot["environment"]["DATABASE_URL"].startswith("postgresql://")
    assert "TELEGRAM_BOT_TOKEN" in bot["environment"]
    assert bot["depends_on"]["db"]["condition"] == "service_healthy"
    assert db["image"].startswith("postgres")
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in db["volumes"])
    assert (ROOT / bot["build"] / "Dockerfile").exists()

"""``python -m bot`` verbs as an operator runs them: lessons check, db upgrade, settings errors."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
LESSONS = ROOT / "lessons"


def run_bot(*args: str, cwd: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "DATABASE_URL", "SWEEP_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        cwd=cwd,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_lessons_check_on_the_real_course(tmp_path):
    result = run_bot("lessons", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "all 24 topics covered" in result.stdout
    assert "unconditional-positive-regard" in result.stdout


@pytest.fixture
def broken(tmp_path) -> Path:
    copy: Path = tmp_path / "lessons"
    shutil.copytree(LESSONS, copy)
    return copy


def _edit(path: Path, **changes) -> None:
    data = yaml.safe_load(path.read_text())
    data.update(changes)
    path.write_text(yaml.safe_dump(data, allow_unicode=True))


def _first_lesson(course_dir: Path) -> Path:
    return sorted((course_dir / "main").glob("*.yaml"))[1]


def _check(course_dir: Path) -> subprocess.CompletedProcess[str]:
    return run_bot("lessons", "check", "--dir", str(course_dir), cwd=course_dir.parent)


def test_body_too_long_names_file_and_field(broken):
    lesson = _first_lesson(broken)
    _edit(lesson, body="x" * 950)
    result = _check(broken)
    assert result.returncode == 1
    assert f"{lesson}: body:" in result.stderr


def test_duplicate_id(broken):
    lesson = _first_lesson(broken)
    shutil.copy(lesson, broken / "main" / "99-copy.yaml")
    result = _check(broken)
    assert (
        result.returncode == 1 and "99-copy.yaml: id: " in result.stderr and "already used" in result.stderr
    )


def test_unknown_reference_in_track(broken):
    course_file = broken / "course.yaml"
    data = yaml.safe_load(course_file.read_text())
    data["tracks"]["main"]["lessons"].append("no-such-lesson")
    course_file.write_text(yaml.safe_dump(data))
    result = _check(broken)
    assert (
        result.returncode == 1 and "tracks.main.lessons[26]: unknown lesson 'no-such-lesson'" in result.stderr
    )


def test_uncovered_topic(broken):
    course_file = broken / "course.yaml"
    data = yaml.safe_load(course_file.read_text())
    data["tracks"]["main"]["lessons"].remove("scarcity-effect")
    course_file.write_text(yaml.safe_dump(data))
    result = _check(broken)
    assert result.returncode == 1
    assert "no lesson teaches topic 'The Scarcity Effect'" in result.stderr
    assert "not in any track" in result.stderr


def test_source_outside_topic_and_missing_question_mark(broken):
    lesson = _first_lesson(broken)
    data = yaml.safe_load(lesson.read_text())
    _edit(lesson, source={**data["source"], "lines": [40, 44]})
    other = sorted((broken / "main").glob("*.yaml"))[2]
    _edit(other, question="Tell me about it.")
    result = _check(broken)
    assert result.returncode == 1
    assert f"{lesson}: source.lines: 40-44 lie outside 4-8" in result.stderr
    assert f"{other}: question: Value error, must be a question" in result.stderr


def test_invalid_yaml_and_unknown_field(broken):
    lesson = _first_lesson(broken)
    lesson.write_text("id: [unclosed\n")
    other = sorted((broken / "main").glob("*.yaml"))[2]
    _edit(other, colour="blue")
    result = _check(broken)
    assert result.returncode == 1
    assert f"{lesson}: not valid YAML" in result.stderr
    assert f"{other}: colour: Extra inputs are not permitted" in result.stderr


def test_run_without_token_fails_with_one_line(tmp_path):
    result = run_bot("run", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "TELEGRAM_BOT_TOKEN" in result.stderr


def test_invalid_setting_fails_with_one_line(tmp_path):
    result = run_bot("run", cwd=tmp_path, TELEGRAM_BOT_TOKEN="1:secret-value", SWEEP_INTERVAL_SECONDS="soon")
    assert result.returncode == 2
    assert result.stderr.strip().count("\n") == 0
    assert "SWEEP_INTERVAL_SECONDS" in result.stderr and "secret-value" not in result.stderr


def test_db_upgrade_creates_the_default_sqlite_file(tmp_path):
    result = run_bot("db", "upgrade", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "data" / "bot.db").exists()


def test_unreachable_database_is_one_line(tmp_path):
    result = run_bot("db", "upgrade", cwd=tmp_path, DATABASE_URL="postgresql://nobody:pw@127.0.0.1:1/none")
    assert result.returncode == 2
    assert (
        result.stderr.strip().count("\n") == 0
        and "cannot bring the database schema up to date" in result.stderr
    )

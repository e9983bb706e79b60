"""The course as data: lessons, tracks and the article outline, loaded from ``lessons/`` and validated."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Any, Literal, TypeVar

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
    model_validator,
)

from bot import texts

MAX_BODY = 900
MAX_QUESTION = 300
TELEGRAM_TEXT_LIMIT = 4096
COURSE_FILE = "course.yaml"
OUTLINE_FILE = "outline.yaml"

M = TypeVar("M", bound=BaseModel)

LessonId = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(?:-[a-z0-9]+)*$", max_length=64)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class LineSpan(_Strict):
    """A range of lines of the article, 1-based and inclusive."""

    lines: tuple[int, int]

    @model_validator(mode="after")
    def _ordered(self) -> LineSpan:
        start, end = self.lines
        if start < 1 or end < start:
            raise ValueError("lines must be [first, last] with 1 <= first <= last")
        return self


class Source(LineSpan):
    """Where in the article a lesson comes from."""

    section: int | Literal["introduction", "conclusion"]
    topic: str | None = None


class Lesson(_Strict):
    """One micro-lesson: a short body and one reflection question."""

    id: LessonId
    title: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]
    source: Source
    body: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_BODY)]
    question: Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=MAX_QUESTION)]

    @field_validator("question")
    @classmethod
    def _asks(cls, question: str) -> str:
        if not question.endswith("?"):
            raise ValueError("must be a question ending with '?'")
        return question


class Track(_Strict):
    """An ordered sequence of lessons."""

    title: str
    lessons: list[LessonId] = Field(min_length=1)


class CourseFile(_Strict):
    """The contents of ``course.yaml``."""

    title: str
    description: str = ""
    tracks: dict[str, Track]

    @model_validator(mode="after")
    def _has_main(self) -> CourseFile:
        if "main" not in self.tracks:
            raise ValueError("a track named 'main' is required")
        return self


class Topic(_Strict):
    """A topic of the article: a heading line followed by its points."""

    name: str
    lines: tuple[int, int]


class Section(_Strict):
    """A numbered section of the article with its topics."""

    number: int
    title: str
    line: int
    topics: list[Topic] = Field(min_length=1)


class Outline(_Strict):
    """The article's structure, used to check every lesson's source."""

    article: str
    introduction: LineSpan
    conclusion: LineSpan
    sections: list[Section] = Field(min_length=1)


@dataclass(frozen=True)
class Course:
    """The loaded, validated course."""

    title: str
    description: str
    outline: Outline
    lessons: dict[str, Lesson]
    tracks: dict[str, list[Lesson]]
    files: dict[str, Path] = field(default_factory=dict)

    def total(self, track: str = "main") -> int:
        """Return the number of lessons in a track."""
        return len(self.tracks[track])

    def lesson_at(self, track: str, position: int) -> Lesson | None:
        """Return the lesson at a 0-based position of a track, or None past its end."""
        lessons = self.tracks.get(track, [])
        return lessons[position] if 0 <= position < len(lessons) else None

    def topic_label(self, lesson: Lesson) -> str:
        """Describe where a lesson sits in the article, for /status and the check table."""
        src = lesson.source
        if isinstance(src.section, str):
            return src.section.capitalize()
        section = next(s for s in self.outline.sections if s.number == src.section)
        return f"{section.number}. {src.topic or section.title}"


class CourseError(Exception):
    """The course in ``lessons/`` is invalid; ``problems`` names each file and field at fault."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def _read_yaml(path: Path, problems: list[str]) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        problems.append(f"{path}: cannot read: {exc}")
    except yaml.YAMLError as exc:
        problems.append(f"{path}: not valid YAML: {str(exc).splitlines()[0]}")
    return None


def _parse(model: type[M], data: Any, path: Path, problems: list[str]) -> M | None:
    if not isinstance(data, dict):
        problems.append(f"{path}: expected a mapping of fields, found {type(data).__name__}")
        return None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        for error in exc.errors():
            where = ".".join(str(part) for part in error["loc"]) or "(file)"
            problems.append(f"{path}: {where}: {error['msg']}")
        return None


def _check_outline(outline: Outline, article: list[str], path: Path, problems: list[str]) -> None:
    for section in outline.sections:
        heading = article[section.line - 1].strip() if 0 < section.line <= len(article) else None
        if heading != section.title:
            problems.append(
                f"{path}: sections[{section.number}].title: not the heading on line {section.line}"
            )
        for topic in section.topics:
            start, end = topic.lines
            first = article[start - 1] if 0 < start <= len(article) else ""
            if not first.startswith(f"{topic.name}:") or end > len(article) or end < start:
                problems.append(f"{path}: topic '{topic.name}': lines {start}-{end} do not match the article")


def _check_source(lesson: Lesson, outline: Outline, path: Path, problems: list[str]) -> None:
    src = lesson.source
    if isinstance(src.section, str):
        span = outline.introduction if src.section == "introduction" else outline.conclusion
        bounds = span.lines
        if src.topic is not None:
            problems.append(f"{path}: source.topic: the {src.section} has no topics")
    else:
        section = next((s for s in outline.sections if s.number == src.section), None)
        if section is None:
            problems.append(f"{path}: source.section: no section {src.section} in the outline")
            return
        topic = next((t for t in section.topics if t.name == src.topic), None)
        if topic is None:
            problems.append(f"{path}: source.topic: '{src.topic}' is not a topic of section {src.section}")
            return
        bounds = topic.lines
    if not (bounds[0] <= src.lines[0] and src.lines[1] <= bounds[1]):
        problems.append(
            f"{path}: source.lines: {src.lines[0]}-{src.lines[1]} lie outside {bounds[0]}-{bounds[1]}"
        )


def load_course(directory: Path) -> Course:
    """Load and validate the course; raise :class:`CourseError` listing every problem found."""
    problems: list[str] = []
    outline_path, course_path = directory / OUTLINE_FILE, directory / COURSE_FILE
    outline = _parse(Outline, _read_yaml(outline_path, problems), outline_path, problems)
    course_file = _parse(CourseFile, _read_yaml(course_path, problems), course_path, problems)
    if outline is not None:
        article_path = directory / outline.article
        try:
            article = article_path.read_text(encoding="utf-8").splitlines()
        except OSError:
            problems.append(f"{outline_path}: article: cannot read {article_path}")
            article = []
        if article:
            _check_outline(outline, article, outline_path, problems)

    lessons: dict[str, Lesson] = {}
    files: dict[str, Path] = {}
    lesson_paths = sorted(p for p in directory.glob("*/**/*.yaml") if p.is_file())
    if not lesson_paths:
        problems.append(f"{directory}: no lesson files found in its subfolders")
    for path in lesson_paths:
        lesson = _parse(Lesson, _read_yaml(path, problems), path, problems)
        if lesson is None:
            continue
        if lesson.id in lessons:
            problems.append(f"{path}: id: '{lesson.id}' is already used by {files[lesson.id]}")
            continue
        lessons[lesson.id], files[lesson.id] = lesson, path
        if outline is not None:
            _check_source(lesson, outline, path, problems)
        for name, text in (
            ("body", texts.lesson_text(lesson, 1, 1)),
            ("question", texts.question_text(lesson)),
        ):
            if len(text) > TELEGRAM_TEXT_LIMIT:
                problems.append(
                    f"{path}: {name}: the message would exceed Telegram's {TELEGRAM_TEXT_LIMIT} chars"
                )

    tracks: dict[str, list[Lesson]] = {}
    if course_file is not None:
        used: set[str] = set()
        for name, track in course_file.tracks.items():
            tracks[name] = []
            for index, lesson_id in enumerate(track.lessons):
                if lesson_id not in lessons:
                    problems.append(
                        f"{course_path}: tracks.{name}.lessons[{index}]: unknown lesson '{lesson_id}'"
                    )
                    continue
                tracks[name].append(lessons[lesson_id])
                used.add(lesson_id)
        for lesson_id in sorted(set(lessons) - used):
            problems.append(f"{files[lesson_id]}: id: lesson '{lesson_id}' is not in any track")
        if outline is not None:
            taught = {(x.source.section, x.source.topic) for x in tracks.get("main", [])}
            for section in outline.sections:
                for topic in section.topics:
                    if (section.number, topic.name) not in taught:
                        problems.append(
                            f"{course_path}: tracks.main: no lesson teaches topic '{topic.name}'"
                            f" (section {section.number})"
                        )
            for part in ("introduction", "conclusion"):
                if (part, None) not in taught:
                    problems.append(f"{course_path}: tracks.main: no lesson from the {part}")

    if problems or outline is None or course_file is None:
        raise CourseError(problems)
    return Course(
        title=course_file.title,
        description=course_file.description,
        outline=outline,
        lessons=lessons,
        tracks=tracks,
        files=files,
    )


def report(course: Course) -> str:
    """Return the short table that ``lessons check`` prints for a valid course."""
    rows = [f"{'#':>3}  {'lesson id':<42} {'article':<44} {'body':>5}"]
    for track, lessons in course.tracks.items():
        rows.append(f"track '{track}': {len(lessons)} lessons")
        for number, lesson in enumerate(lessons, start=1):
            label = course.topic_label(lesson)[:44]
            rows.append(f"{number:>3}  {lesson.id:<42} {label:<44} {len(lesson.body):>5}")
    topics = sum(len(s.topics) for s in course.outline.sections)
    rows.append(
        f"OK: {len(course.lessons)} lessons, all {topics} topics covered, every message within limits"
    )
    return "\n".join(rows)

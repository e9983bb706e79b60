FROM python:3.12-slim
WORKDIR /app
ENV PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
COPY pyproject.toml README.md ./
COPY bot ./bot
COPY lessons ./lessons
COPY migrations ./migrations
RUN pip install --no-cache-dir -e .
CMD ["python", "-m", "bot", "run"]

# Sourced by scripts/run and scripts/test: find Python 3.11+ and make ./.venv with it.
VENV=${VENV:-.venv}
if [ ! -x "$VENV/bin/python" ]; then
  for candidate in ${PYTHON:-} python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
      PYTHON=$candidate
      break
    fi
  done
  if [ -z "${PYTHON:-}" ]; then
    echo "error: Python 3.11 or newer is needed (set PYTHON=/path/to/python3.11)" >&2
    exit 1
  fi
  "$PYTHON" -m venv "$VENV"
fi

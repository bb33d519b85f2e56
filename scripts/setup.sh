#!/usr/bin/env bash
# Create .venv and install govreports with the locked dependency versions (idempotent, quick
# when done): requirements.lock (exact versions, runtime + test tools), then the project
# itself, editable, without resolving anything else.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.govreports-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || [ requirements.lock -nt "$stamp" ]; then
  .venv/bin/python -m pip install -q --upgrade pip
  .venv/bin/python -m pip install -q -r requirements.lock
  .venv/bin/python -m pip install -q -e . --no-deps
  touch "$stamp"
fi
# The bytecode of the project's modules, as Python writes it on a first import where it may
# (with PYTHONDONTWRITEBYTECODE set it never does, and every server start compiles the app's
# modules again: ~60 ms of CPU before the first page). Only changed files are compiled; a file
# edited later is compiled in memory as usual (Python checks the source's time and size).
.venv/bin/python -m compileall -q app_lib pipelines >/dev/null

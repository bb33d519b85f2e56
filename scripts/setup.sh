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

#!/usr/bin/env bash
# Run the test suite: lint (ruff), type check (mypy), then pytest.
#   bash scripts/test.sh          everything: unit/integration tests, AppTest and headless-Chromium
#                                 browser tests (needs Debian's chromium and fonts-noto-cjk;
#                                 .ci/run installs them). This is what CI runs.
#   bash scripts/test.sh --fast   the fast lane: ruff, mypy and every test that needs no demo
#                                 corpus/database, no browser and is not marked slow (< 60 s).
# Extra arguments go to pytest (e.g. `bash scripts/test.sh --fast tests/load -k series`).
set -euo pipefail
cd "$(dirname "$0")/.."
fast=0
if [ "${1:-}" = "--fast" ]; then
  fast=1
  shift
fi
bash scripts/setup.sh
.venv/bin/ruff check .
.venv/bin/mypy  # configured in pyproject.toml [tool.mypy]: pipelines/ and app_lib/
if [ "$fast" = 1 ]; then
  exec .venv/bin/python -m pytest -q -p no:cacheprovider -m "not demo and not browser and not slow" "$@"
fi
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

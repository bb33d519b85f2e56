#!/usr/bin/env bash
# Run the whole test suite: lint, unit/integration tests, AppTest and headless-Chromium
# browser tests. Needs Debian's chromium and fonts-noto-cjk (.ci/run installs them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/ruff check .
exec .venv/bin/python -m pytest -q -p no:cacheprovider "$@"

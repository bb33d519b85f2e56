#!/usr/bin/env bash
# Start the dashboard on the embedded demo database (built on first start if missing).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec .venv/bin/streamlit run dashboard.py "$@"

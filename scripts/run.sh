#!/usr/bin/env bash
# Start the dashboard on the embedded demo database (built on first start if missing).
# Without an identity provider ([auth] in .streamlit/secrets.toml or ~/.streamlit/secrets.toml)
# the app runs in 本地模式 and listens on 127.0.0.1 only; with one, every page needs sign-in
# and the server listens where Streamlit's configuration says. An explicit --server.address wins.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
address=()
case " $* " in
  *" --server.address"*) ;;
  *)
    if ! .venv/bin/python - <<'PY'
import sys, tomllib
from pathlib import Path
for path in (Path.home() / ".streamlit" / "secrets.toml", Path(".streamlit") / "secrets.toml"):
    try:
        if tomllib.loads(path.read_text(encoding="utf-8")).get("auth"):
            sys.exit(0)
    except (OSError, tomllib.TOMLDecodeError):
        pass
sys.exit(1)
PY
    then
      echo "本地模式: no identity provider configured, listening on 127.0.0.1 only" >&2
      address=(--server.address 127.0.0.1)
    fi
    ;;
esac
exec .venv/bin/streamlit run dashboard.py "${address[@]}" "$@"

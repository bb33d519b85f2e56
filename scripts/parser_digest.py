"""Check or update the parser-output digest recorded next to PARSER_VERSION.

    .venv/bin/python scripts/parser_digest.py            # print both digests; exit 1 if they differ
    .venv/bin/python scripts/parser_digest.py --update   # bump PARSER_VERSION, record the new digest
    .venv/bin/python scripts/parser_digest.py --update --minor   # bump the minor version instead

The digest covers the parse of every input fixture in tests/normalize/fixtures
(pipelines/parser_version.py). After --update, commit pipelines/__init__.py and run
`govreports reparse --stale` on existing databases.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines import PARSER_DIGEST, PARSER_VERSION  # noqa: E402
from pipelines.parser_version import output_digest, version_tuple  # noqa: E402

INIT = ROOT / "pipelines" / "__init__.py"


def bumped(version: str, minor: bool) -> str:
    parts = version_tuple(version)
    if parts is None:
        raise SystemExit(f"malformed PARSER_VERSION {version!r} in {INIT}")
    major, mnr, patch = parts
    return f"{major}.{mnr + 1}.0" if minor else f"{major}.{mnr}.{patch + 1}"


def rewrite(version: str, digest: str) -> None:
    text = INIT.read_text(encoding="utf-8")
    text, n1 = re.subn(r'^PARSER_VERSION = "[^"]*"$', f'PARSER_VERSION = "{version}"', text, flags=re.M)
    text, n2 = re.subn(r'^PARSER_DIGEST = "[^"]*"$', f'PARSER_DIGEST = "{digest}"', text, flags=re.M)
    if (n1, n2) != (1, 1):
        raise SystemExit(f"cannot find PARSER_VERSION / PARSER_DIGEST lines in {INIT}")
    INIT.write_text(text, encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--update", action="store_true", help="bump PARSER_VERSION and record the new digest")
    ap.add_argument("--minor", action="store_true", help="with --update: bump the minor version")
    args = ap.parse_args(argv)
    digest = output_digest()
    print(f"PARSER_VERSION  {PARSER_VERSION}")
    print(f"recorded digest {PARSER_DIGEST}")
    print(f"current digest  {digest}")
    if digest == PARSER_DIGEST:
        print("parser output unchanged")
        return 0
    if not args.update:
        print("parser output changed: bump PARSER_VERSION and update the digest (--update)")
        return 1
    version = bumped(PARSER_VERSION, args.minor)
    rewrite(version, digest)
    print(f"updated {INIT.relative_to(ROOT)}: PARSER_VERSION {PARSER_VERSION} → {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""govreports ingestion: extract → normalize → check → load.

Stages (one module or package each, same names in the CLI and tests/):
  extract    bytes + file name → Document (lines and table cells with provenance)
  normalize  Document → ParsedReport (family, metadata, figures by metric key)
  checks     ParsedReport → list[CheckResult] (the official 勾稽 rules)
  load       ParsedReports → DuckDB (one transaction per publish, atomic file swap)
"""

# The parser's version is tied to its output: PARSER_DIGEST is the digest of the parse of every
# fixture in tests/normalize/fixtures (pipelines/parser_version.py). When parsing output changes,
# tests/test_parser_version.py fails until `scripts/parser_digest.py --update` bumps the version
# and records the new digest; `govreports reparse --stale` then re-parses older reports.
PARSER_VERSION = "1.73.30"
PARSER_DIGEST = "f4c05701e4cdee226dac8c27ad7d4927184977fdedffc3a457064f7465f88b9c"

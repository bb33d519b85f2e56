"""govreports ingestion: extract → normalize → check → load.

Stages (one module or package each, same names in the CLI and tests/):
  extract    bytes + file name → Document (lines and table cells with provenance)
  normalize  Document → ParsedReport (family, metadata, figures by metric key)
  checks     ParsedReport → list[CheckResult] (the official 勾稽 rules)
  load       ParsedReports → DuckDB (one transaction per publish, atomic file swap)
"""

PARSER_VERSION = "1.0.0"

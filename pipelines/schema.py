"""DuckDB schema: the public tables of docs/contract.md plus what the product needs.

Public (stable) names: PUBLIC_TABLES. Change one only with a migration and a README note.
"""

# The schema's version, stored in meta('schema_version'). Tables are created with CREATE …
# IF NOT EXISTS, so a new table needs no step of its own; a change to an existing table
# (a new column, a renamed one, moved data) is an ordered step in MIGRATIONS, run once on
# every database older than it (pipelines/db.py ensure_schema).
SCHEMA_VERSION = 6

# (version it brings the database to, what it does, SQL statements). Version 2 added
# unplaced_reports and placements, version 3 report_replacements (tables only: no step),
# version 4 moved the officers' tables out of the file into the store, version 5 compressed
# sources (pipelines/sources.py; `govreports optimize` compresses the rows an older database
# stored as they came) and the derived tables (pipelines/derived.py), version 6
# report_values.confidence (the OCR recognition score of a figure read from a scan).
MIGRATIONS: tuple[tuple[int, str, tuple[str, ...]], ...] = (
    (2, "unplaced_reports, placements (new tables)", ()),
    (3, "report_replacements (new table)", ()),
    # The officers' tables moved to the store beside the file (pipelines/store.py): done in
    # Python by pipelines.store.move_legacy_tables when a writer opens the file.
    (4, "review_decisions, review_log, corrections, placements moved to <db>.officer.sqlite", ()),
    (
        5,
        "sources.codec, sources.dict_id (compressed originals), source_dicts (new table)",
        (
            "ALTER TABLE sources ADD COLUMN IF NOT EXISTS codec VARCHAR",
            "ALTER TABLE sources ADD COLUMN IF NOT EXISTS dict_id INTEGER",
        ),
    ),
    (
        6,
        "report_values.confidence (OCR recognition score)",
        ("ALTER TABLE report_values ADD COLUMN IF NOT EXISTS confidence DOUBLE",),
    ),
)

# The public contract (docs/contract.md): names SQL users and outside checks rely on.
# `series` is a view, created by pipelines/load.py.
PUBLIC_TABLES = (
    "reports", "units", "report_values", "metrics", "check_results", "rejected_files", "unplaced_reports", "series"
)

DDL = """
CREATE TABLE IF NOT EXISTS meta (
    key VARCHAR PRIMARY KEY,
    value VARCHAR
);

CREATE TABLE IF NOT EXISTS units (
    unit_id VARCHAR PRIMARY KEY,      -- stable id: region code + normalised name (see pipelines/units.py)
    name VARCHAR NOT NULL,            -- canonical name (latest name as printed)
    province VARCHAR,
    city VARCHAR,
    county VARCHAR,
    kind VARCHAR,                     -- government | department | other
    is_demo BOOLEAN DEFAULT FALSE
);

CREATE TABLE IF NOT EXISTS unit_names (
    unit_id VARCHAR NOT NULL,
    name VARCHAR NOT NULL,            -- every name variant seen in a report
    first_year INTEGER,
    last_year INTEGER
);

CREATE TABLE IF NOT EXISTS sources (
    sha256 VARCHAR PRIMARY KEY,       -- content hash of the original bytes
    source_path VARCHAR NOT NULL,
    format VARCHAR,
    size_bytes BIGINT,
    content BLOB,                     -- original bytes, so `govreports reparse` needs no files:
                                      -- zstd-compressed when codec = 'zstd' (pipelines/sources.py)
    codec VARCHAR,                    -- zstd | NULL (stored as they came: older databases)
    dict_id INTEGER                   -- the source_dicts dictionary it was compressed with
);

-- zstd dictionaries of the compressed sources (pipelines/sources.py); never changed once stored.
CREATE TABLE IF NOT EXISTS source_dicts (
    dict_id INTEGER PRIMARY KEY,
    dict BLOB NOT NULL,
    n_samples INTEGER,
    trained_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS reports (
    report_id VARCHAR PRIMARY KEY,    -- 'r' + first 16 hex digits of sha256: stable across reparse
    unit_id VARCHAR NOT NULL,
    unit_name VARCHAR,                -- as printed in the report
    year INTEGER NOT NULL,            -- statistics year
    template VARCHAR NOT NULL,        -- std2021 | std2019 | legacy | narrative
    source_path VARCHAR NOT NULL,
    sha256 VARCHAR NOT NULL,
    format VARCHAR,                   -- txt | html | pdf | docx
    published_on DATE,
    province VARCHAR,
    city VARCHAR,
    county VARCHAR,
    kind VARCHAR,
    is_demo BOOLEAN DEFAULT FALSE,    -- synthetic report of the demo corpus (示例数据)
    n_figures INTEGER,
    doubts VARCHAR[],                 -- extraction doubts
    parser_version VARCHAR,
    ingested_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS report_values (
    report_id VARCHAR NOT NULL,
    unit_id VARCHAR NOT NULL,
    unit_name VARCHAR,
    year INTEGER NOT NULL,
    metric VARCHAR NOT NULL,
    value DOUBLE,
    raw_text VARCHAR,
    provenance VARCHAR,
    origin VARCHAR,                   -- table | text | ocr (read by OCR from a scanned page)
    confidence DOUBLE                 -- origin 'ocr': the recognition score 0..1; NULL otherwise
);

CREATE TABLE IF NOT EXISTS metrics (
    metric VARCHAR PRIMARY KEY,
    label_zh VARCHAR,
    unit VARCHAR,
    family VARCHAR,
    section VARCHAR,
    row_label VARCHAR,
    col_label VARCHAR,
    note VARCHAR
);

CREATE TABLE IF NOT EXISTS check_results (
    report_id VARCHAR NOT NULL,
    unit_id VARCHAR,
    year INTEGER,
    rule VARCHAR NOT NULL,
    severity VARCHAR NOT NULL,        -- error | warning
    detail VARCHAR,
    metrics VARCHAR[]                 -- metric keys involved
);

CREATE TABLE IF NOT EXISTS rejected_files (
    source_path VARCHAR NOT NULL,
    reason VARCHAR NOT NULL,
    rejected_at TIMESTAMP,
    sha256 VARCHAR
);

-- A report text whose unit or year is not certain: kept (never only rejected) with its ranked
-- candidates and its figures, out of every chart, count and finding until an officer places it
-- (`govreports place`, the 导入 / 数据质量 pages). Its original bytes stay in `sources`.
CREATE TABLE IF NOT EXISTS unplaced_reports (
    sha256 VARCHAR PRIMARY KEY,
    source_path VARCHAR NOT NULL,
    format VARCHAR,
    template VARCHAR,
    reason VARCHAR NOT NULL,          -- why it is not placed, in Chinese
    candidates STRUCT("field" VARCHAR, "value" VARCHAR, confidence DOUBLE, "source" VARCHAR, evidence VARCHAR)[],
    figures STRUCT(metric VARCHAR, "value" DOUBLE, raw_text VARCHAR, provenance VARCHAR, origin VARCHAR)[],
    n_figures INTEGER,
    published_on DATE,
    parser_version VARCHAR,
    kept_at TIMESTAMP
);

CREATE TABLE IF NOT EXISTS series_defs (
    series VARCHAR PRIMARY KEY,
    label_zh VARCHAR,
    unit VARCHAR
);

CREATE TABLE IF NOT EXISTS ingest_runs (
    run_id VARCHAR,
    started_at TIMESTAMP,
    finished_at TIMESTAMP,
    files_seen INTEGER,
    loaded INTEGER,
    replaced INTEGER,
    unchanged INTEGER,
    rejected INTEGER,
    figures INTEGER,
    failed_checks INTEGER
);

-- Every replacement of a stored report by a new version (issue 11): old and new side by
-- side; the old original bytes stay in sources (old_sha256). See pipelines/replacements.py.
CREATE TABLE IF NOT EXISTS report_replacements (
    replaced_at TIMESTAMP,
    unit_id VARCHAR,
    year INTEGER,
    old_report_id VARCHAR,
    old_sha256 VARCHAR,               -- the old original bytes stay in sources under this hash
    old_source_path VARCHAR,
    old_figures INTEGER,
    new_report_id VARCHAR,
    new_sha256 VARCHAR,
    new_source_path VARCHAR,
    new_figures INTEGER,
    changed_figures INTEGER,          -- metrics whose value differs, appeared or disappeared
    changes VARCHAR                   -- the first 30 of them: 'metric: old → new; …'
);

-- The officers' tables (review_decisions, review_log, corrections, placements, and the audit
-- rows of officers' writes) live in the store beside this file: pipelines/store.py.

-- The audit trail (issue 12) of ingest and reparse: one row per run or replaced report,
-- appended in the same publish (pipelines/audit.py); officers' writes append theirs to the
-- store, and readers see both as one audit_log. Never updated or deleted. before / after
-- are JSON text.
CREATE TABLE IF NOT EXISTS audit_log (
    logged_at TIMESTAMP NOT NULL,     -- when (server time)
    identity VARCHAR NOT NULL,        -- e-mail or subject of the signed-in user; 本地用户; user@host (command line)
    action VARCHAR NOT NULL,          -- ingest | replace | place | decide | withdraw | reparse
    target VARCHAR,                   -- what was changed: run id, sha256, finding_id …
    before VARCHAR,                   -- JSON: the state before (NULL when there was none)
    after VARCHAR,                    -- JSON: the state after
    source VARCHAR                    -- where the write came from: 看板 · 导入, 命令行 govreports place …
);
"""

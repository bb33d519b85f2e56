"""Schema versions and ordered migrations (issue 15, point 4)."""

from __future__ import annotations

import duckdb

from pipelines.ingest import ingest_paths


def test_an_old_database_is_brought_forward(tmp_path, samples_dir):
    """A database of schema 1 (no version recorded, without the newer tables) opens with the
    current schema: the tables are added, its data kept, the version recorded."""
    from pipelines.db import open_writer, schema_version
    from pipelines.schema import SCHEMA_VERSION

    db = tmp_path / "old.duckdb"
    ingest_paths([samples_dir / "2017_北京市东城区政务服务中心.txt"], db, progress=False)
    con = duckdb.connect(str(db))
    for table in ("unplaced_reports", "report_replacements"):
        con.execute(f"DROP TABLE {table}")
    con.execute("ALTER TABLE report_values DROP COLUMN confidence")  # came with schema 6
    con.execute("DELETE FROM meta")
    con.close()
    with open_writer(db) as writer:
        assert schema_version(writer.con) == SCHEMA_VERSION
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM unplaced_reports").fetchone()[0] == 0
    # schema 6: the OCR score of a figure; NULL for figures read from a text layer
    n, with_score = con.execute("SELECT count(*), count(confidence) FROM report_values").fetchone()
    assert n > 0 and with_score == 0
    assert con.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0] == str(SCHEMA_VERSION)

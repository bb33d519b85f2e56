"""Fallback database for the SQL tests while the shared `demo_db` fixture (real generate +
ingest) cannot be built in this tree: written through pipelines.db.write_transaction, so it
has the real schema, catalog tables and the real `series` view; the figures are synthetic."""

from __future__ import annotations

from pathlib import Path

from pipelines.db import write_transaction

FILL_SQL = """
INSERT INTO units VALUES
  ('u1', '甲市教育局', '甲省', '甲市', '东区', 'department', true),
  ('u2', '甲市东区人民政府', '甲省', '甲市', '东区', 'government', true),
  ('u3', '乙县交通运输局', '甲省', '乙市', '乙县', 'department', true);
INSERT INTO reports (report_id, unit_id, unit_name, year, template, source_path, sha256, province, city,
                     county, kind, is_demo, parser_version, ingested_at)
SELECT 'r' || u.unit_id || y, u.unit_id, u.name, y,
       CASE WHEN y >= 2021 THEN 'std2021' WHEN y >= 2019 THEN 'std2019' ELSE 'legacy' END,
       'demo/' || u.unit_id || y || '.txt', 'sha' || u.unit_id || y, u.province, u.city, u.county, u.kind,
       true, 'test', now()
FROM units u, range(2017, 2024) t(y)
WHERE NOT (u.unit_id = 'u3' AND y = 2020);
INSERT INTO report_values
SELECT r.report_id, r.unit_id, r.unit_name, r.year, m.metric, (hash(r.report_id || m.metric) % 50)::DOUBLE,
       'x', 'table 1', 'table'
FROM reports r JOIN metrics m ON position(r.template IN m.family) > 0;
INSERT INTO check_results VALUES
  ('ru12022', 'u1', 2022, 'std.balance', 'error', 'x', []),
  ('ru22021', 'u2', 2021, 'text_vs_table', 'warning', 'y', []);
INSERT INTO rejected_files VALUES ('bad.pdf', '空文件', now(), 's');
"""


def build_synthetic_db(path: Path) -> Path:
    with write_transaction(path) as con:
        con.execute(FILL_SQL)
    return path

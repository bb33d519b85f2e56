"""The SQL guard accepts every read-only query an analyst writes (issue 13, point 9).

A corpus of typical analyst queries over the public tables: every one must pass the
statement check AND run on the demo database (the hostile statements of test_sqlguard.py
must still be refused; that module runs them).
"""

from __future__ import annotations

import pytest

from pipelines.sqlguard import check_statement, run_sql

ANALYST = [
    # string literals anywhere, IS [NOT] DISTINCT FROM
    "SELECT count(*) FROM reports WHERE city IS DISTINCT FROM '宿迁市'",
    "SELECT count(*) FROM reports WHERE county IS NOT DISTINCT FROM '沭阳县' OR county IS NULL",
    "SELECT unit_name FROM reports WHERE 'x' IS DISTINCT FROM template LIMIT 5",
    "SELECT unit_name, year FROM reports WHERE province = '江苏省' AND year BETWEEN 2019 AND 2024",
    "SELECT count(*) FROM report_values WHERE raw_text IS DISTINCT FROM CAST(value AS VARCHAR)",
    # LIKE / ILIKE / regexp with Chinese
    "SELECT DISTINCT unit_name FROM reports WHERE unit_name LIKE '%人民政府%'",
    "SELECT name FROM units WHERE name ILIKE '%教育局' OR name LIKE '宿迁市%'",
    "SELECT name FROM units WHERE regexp_matches(name, '(街道|镇)(办事处|人民政府)?$')",
    "SELECT metric, label_zh FROM metrics WHERE label_zh LIKE '%复议%' ORDER BY metric",
    "SELECT name FROM units WHERE name SIMILAR TO '.*局'",
    # subqueries
    "SELECT * FROM units WHERE unit_id IN (SELECT unit_id FROM reports WHERE year = 2024)",
    "SELECT * FROM units u WHERE NOT EXISTS (SELECT 1 FROM reports r WHERE r.unit_id = u.unit_id AND r.year = 2020)",
    "SELECT name, (SELECT count(*) FROM reports r WHERE r.unit_id = u.unit_id) AS n FROM units u ORDER BY n DESC",
    "SELECT * FROM (SELECT year, count(*) AS n FROM reports GROUP BY year) t WHERE n > 10",
    "SELECT unit_id FROM reports GROUP BY unit_id HAVING count(*) > (SELECT avg(c) FROM (SELECT count(*) c FROM reports GROUP BY unit_id))",
    # window functions, QUALIFY
    """SELECT unit_name, year, value,
              value / nullif(lag(value) OVER (PARTITION BY unit_id ORDER BY year), 0) - 1 AS yoy
       FROM series WHERE series = 'applications_received'""",
    """SELECT unit_name, year, value FROM series WHERE series = 'reviews'
       QUALIFY row_number() OVER (PARTITION BY year ORDER BY value DESC) <= 3""",
    """SELECT year, unit_name, value, percent_rank() OVER w AS pr, ntile(4) OVER w AS quartile
       FROM series WHERE series = 'lawsuits' WINDOW w AS (PARTITION BY year ORDER BY value)""",
    """SELECT unit_id, year, avg(value) OVER (PARTITION BY unit_id ORDER BY year
              ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) AS moving_avg
       FROM series WHERE series = 'applications_received'""",
    "SELECT unit_name, year FROM reports QUALIFY year = max(year) OVER (PARTITION BY unit_id)",
    # CTEs, UNION, INTERSECT, EXCEPT
    """WITH latest AS (SELECT unit_id, max(year) AS y FROM reports GROUP BY unit_id)
       SELECT u.name, l.y FROM latest l JOIN units u USING (unit_id) WHERE l.y < 2025""",
    """WITH a AS (SELECT unit_id FROM reports WHERE year = 2023),
            b AS (SELECT unit_id FROM reports WHERE year = 2024)
       SELECT 'only 2023' AS which, count(*) FROM (SELECT * FROM a EXCEPT SELECT * FROM b)
       UNION ALL SELECT '两年都有', count(*) FROM (SELECT * FROM a INTERSECT SELECT * FROM b)""",
    "SELECT name, '单位' AS src FROM units UNION SELECT DISTINCT unit_name, '报告' FROM reports",
    # CASE, FILTER, COALESCE, string functions with Chinese
    """SELECT CASE WHEN value = 0 THEN '零' WHEN value < 100 THEN '少于100' ELSE '100及以上' END AS band,
              count(*) FROM series WHERE series = 'applications_received' GROUP BY band ORDER BY band""",
    """SELECT year, count(*) FILTER (WHERE severity = 'error') AS errors,
              count(*) FILTER (WHERE severity <> 'error') AS others
       FROM check_results GROUP BY year ORDER BY year""",
    "SELECT coalesce(county, '（市本级）') AS county, count(*) FROM units GROUP BY 1 ORDER BY 2 DESC",
    "SELECT replace(name, '宿迁市', '') AS short, length(name) FROM units WHERE contains(name, '宿迁')",
    "SELECT string_agg(DISTINCT name, '、' ORDER BY name) FROM units WHERE kind = 'government'",
    "SELECT trim(both ' ' from unit_name) AS n, substring(unit_name from 1 for 3) AS head FROM reports LIMIT 5",
    # dates and EXTRACT
    "SELECT extract(year from published_on) AS y, count(*) FROM reports GROUP BY y ORDER BY y",
    "SELECT unit_name, published_on FROM reports WHERE published_on > DATE '2020-01-31' ORDER BY published_on",
    "SELECT unit_name, year FROM reports WHERE published_on > make_date(year + 1, 1, 31)",
    "SELECT date_trunc('month', published_on) AS m, count(*) FROM reports GROUP BY m ORDER BY m",
    "SELECT extract(year from '2020-05-01'::DATE) AS y",
    # pivots in SELECT form, aggregates, joins
    """SELECT r.year, sum(v.value) FILTER (WHERE v.metric LIKE 'reviews.%') AS reviews
       FROM report_values v JOIN reports r USING (report_id) GROUP BY r.year ORDER BY r.year""",
    "SELECT * FROM (PIVOT (SELECT year, kind FROM reports) ON kind IN ('government', 'department', 'other') USING count(*)) ORDER BY year",
    "SELECT rule, count(*) AS n FROM check_results GROUP BY rule ORDER BY n DESC",
    "SELECT c.rule, r.unit_name, c.detail FROM check_results c JOIN reports r USING (report_id) LIMIT 20",
    "SELECT reason, count(*) FROM rejected_files GROUP BY reason",
    "SELECT m.section, count(DISTINCT v.metric) FROM report_values v JOIN metrics m USING (metric) GROUP BY ALL",
    "SELECT median(value), quantile_cont(value, 0.9) FROM series WHERE series = 'applications_received'",
    "SELECT u.kind, r.year, count(*) FROM reports r LEFT JOIN units u ON u.unit_id = r.unit_id GROUP BY ALL",
    "SELECT unit_id, list(year ORDER BY year) AS years FROM reports GROUP BY unit_id LIMIT 5",
    "SELECT year FROM range(2012, 2026) t(year) WHERE year NOT IN (SELECT year FROM reports)",
    "SELECT * FROM units ORDER BY name COLLATE NOCASE LIMIT 3",
    "SELECT 'it''s ok' AS s, E'a\\tb' AS e",
    "VALUES ('政府', 1), ('部门', 2)",
    "SELECT * FROM reports USING SAMPLE 5 ROWS",
    "SELECT unit_name FROM reports WHERE unit_name NOT LIKE '%设置%' AND template IN ('std2019', 'std2021')",
]


def test_corpus_is_large_enough():
    assert len(ANALYST) >= 30
    assert len(set(ANALYST)) == len(ANALYST)


@pytest.mark.parametrize("sql", ANALYST, ids=[f"a{i:02d}" for i in range(len(ANALYST))])
def test_analyst_query_passes_the_check_and_runs(sql_db, sql):
    assert check_statement(sql) == "SELECT"
    result = run_sql(sql_db, sql)
    assert result.elapsed_s < 10
    assert list(result.dataframe.columns)


STILL_REFUSED = [
    "SELECT count(*) FROM reports WHERE city IS DISTINCT FROM (SELECT * FROM '/etc/passwd')",
    "SELECT extract(year FROM published_on) FROM '/etc/passwd'",
    "SELECT trim(both FROM (SELECT * FROM '/etc/passwd'))",
    "SELECT * FROM units WHERE name LIKE '%局' UNION SELECT * FROM read_csv('/etc/passwd')",
    "WITH x AS (SELECT '宿迁市' AS c) SELECT * FROM x JOIN '/etc/passwd' ON true",
    "SELECT '宿迁市宿迁市宿迁市' AS a FROM (SELECT 1) t WHERE getenv('HOME') IS NOT NULL",
]


@pytest.mark.parametrize("sql", STILL_REFUSED, ids=[f"r{i:02d}" for i in range(len(STILL_REFUSED))])
def test_file_access_next_to_the_newly_allowed_syntax_is_still_refused(sql):
    from pipelines.errors import QueryRefused

    with pytest.raises(QueryRefused):
        check_statement(sql)


def test_tokens_after_chinese_text_are_cut_in_the_right_place():
    from pipelines.sqlguard import _tokens

    texts = [t.text for t in _tokens("SELECT '宿迁市' OR county, name FROM units")]
    assert texts == ["SELECT", "'宿迁市'", "OR", "county", ",", "name", "FROM", "units"]


def test_pivot_without_values_is_refused_with_a_hint():
    from pipelines.errors import QueryRefused

    with pytest.raises(QueryRefused, match="IN"):
        check_statement("PIVOT reports ON year USING count(*)")

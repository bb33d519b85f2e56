"""Helpers behind the SQL page: schema browser data, downloads, quick chart, history."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from openpyxl import load_workbook

from app_lib.sql_examples import EXAMPLES
from app_lib.sql_page import (
    HISTORY_SIZE,
    build_chart,
    csv_bytes,
    default_chart_choice,
    parquet_bytes,
    push_history,
    run_for_page,
    xlsx_bytes,
)
from app_lib.sql_schema import catalog_frame, schema_frame, search_catalog, search_schema
from pipelines import catalog
from pipelines.sqlguard import SqlSettings, run_sql

CONTRACT_TABLES = (
    "reports",
    "units",
    "report_values",
    "metrics",
    "check_results",
    "rejected_files",
    "series",
)


def test_schema_lists_every_contract_table_and_describes_every_column(sql_db):
    schema = schema_frame(sql_db)
    assert set(CONTRACT_TABLES) <= set(schema["表"])
    assert schema.loc[schema["表"] == "series", "类型"].iloc[0] == "视图"
    contract = schema[schema["表"].isin(CONTRACT_TABLES)]
    undocumented = contract.loc[contract["说明"] == "", ["表", "列"]].values.tolist()
    assert undocumented == []
    assert (contract["表说明"] != "").all()


def test_search_by_chinese_label_finds_metrics_and_series():
    found = search_catalog("微博")
    assert {"channel.microblog", "narrative.microblog_posts", "microblog_posts"} <= set(found["键"])
    assert set(found.loc[found["键"] == "microblog_posts", "用于"]) == {"series.series"}
    process = search_catalog("过程性信息 总计")
    assert "apply.denied.process.total" in set(process["键"])
    assert len(catalog_frame()) == len(catalog.metrics()) + len(catalog.SERIES) + len(catalog.RULES)


def test_search_schema_by_chinese_description(sql_db):
    schema = schema_frame(sql_db)
    hits = search_schema(schema, "区县")
    assert {("reports", "county"), ("units", "county")} <= set(map(tuple, hits[["表", "列"]].values.tolist()))
    assert len(search_schema(schema, "")) == len(schema)


def test_downloads_round_trip_awkward_types(sql_db):
    sql = "SELECT report_id, year, published_on, doubts, unit_name, ingested_at FROM reports ORDER BY report_id LIMIT 20"
    df = run_sql(sql_db, sql).dataframe
    assert len(df) == 20
    back = pd.read_csv(io.BytesIO(csv_bytes(df)), encoding="utf-8-sig")
    assert back["report_id"].tolist() == df["report_id"].tolist()
    assert csv_bytes(df).startswith(b"\xef\xbb\xbf")  # BOM: Excel reads the Chinese correctly
    assert pd.read_parquet(io.BytesIO(parquet_bytes(df)))["year"].tolist() == df["year"].tolist()
    wb = load_workbook(io.BytesIO(xlsx_bytes(df, sql)))
    assert wb.sheetnames == ["查询结果", "SQL"]
    rows = list(wb["查询结果"].values)
    assert list(rows[0]) == list(df.columns) and len(rows) == 21
    assert rows[1][0] == df["report_id"].iloc[0]
    assert "".join(str(r[0]) for r in wb["SQL"].values if r[0]).count("SELECT") == 1


@pytest.mark.parametrize("kind", ["柱状图", "折线图", "散点图"])
def test_quick_chart_of_an_example_result(sql_db, kind):
    example = next(e for e in EXAMPLES if e.key == "reports_per_year_template")
    df = run_sql(sql_db, example.sql).dataframe
    kind0, x, y, color = default_chart_choice(df, example.chart)
    assert (kind0, x, y, color) == (example.chart.kind, "年份", "报告数", "模板")
    fig = build_chart(df, kind=kind, x=x, y=y, color=color)
    assert len(fig.data) == df["模板"].nunique()  # one trace per colour group
    assert sum(len(t.x) for t in fig.data) == len(df)


def test_default_chart_without_hint_uses_a_number_column():
    df = pd.DataFrame({"单位": ["甲", "乙"], "件数": [3, 5]})
    assert default_chart_choice(df) == ("柱状图", "单位", "件数", "（不分组）")


def test_outcomes_and_history(sql_db):
    ok = run_for_page(sql_db, "SELECT 1 AS n", SqlSettings())
    refused = run_for_page(sql_db, "DROP TABLE reports", SqlSettings())
    stopped = run_for_page(
        sql_db, "SELECT sum(range % 7) FROM range(50000000000)", SqlSettings(time_limit_s=0.5)  # streams: time, not memory
    )
    failed = run_for_page(sql_db, "SELECT nope FROM reports", SqlSettings())
    assert ok.ok and ok.result.row_count == 1
    assert (refused.status, stopped.status, failed.status) == ("已拒绝", "已中止", "失败")
    assert "time_limit_s" in stopped.reason and "nope" in failed.detail
    history: list[dict] = []
    for outcome in (ok, refused, stopped, failed, ok):
        history = push_history(history, outcome)
    assert [h["SQL"] for h in history][:2] == ["SELECT 1 AS n", "SELECT nope FROM reports"]
    assert len(history) == 4  # re-running moves the entry to the top, no duplicate
    for i in range(HISTORY_SIZE + 5):
        history = push_history(history, run_for_page(sql_db, f"SELECT {i} AS n", SqlSettings()))
    assert len(history) == HISTORY_SIZE

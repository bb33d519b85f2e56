"""The schema browser of the SQL page: every table/view and column with a Chinese description,
plus the metric keys, joined series and check rules that appear as values, all searchable by
Chinese label (typing 微博 finds channel.microblog, narrative.microblog_posts and the series
microblog_posts).

Descriptions follow docs/contract.md; labels come from pipelines.catalog (the one source of truth).
Column names and types come from the database itself, read through the same sandbox as the
user's queries, so a table added later still shows up (with an empty description).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipelines import catalog
from pipelines.sqlguard import run_sql

TABLE_DOCS: dict[str, str] = {
    "reports": "已入库的报告，每份一行（公开契约表）",
    "units": "机关（单位），每个一行（公开契约表）",
    "report_values": "报告中载明的数字，每个一行；只含文件本身写明的数字（公开契约表）",
    "metrics": "指标字典：指标键、中文名、计量单位、模板版本、所属部分（公开契约表）",
    "check_results": "未通过的校验，每条一行（公开契约表）",
    "rejected_files": "未能入库的文件及原因（公开契约表）",
    "series": "跨2019年模板衔接的序列：单位 × 年份 × 序列（公开契约视图）",
    "series_defs": "衔接序列的定义：序列键、中文名、单位",
    "series_alternatives": "衔接序列的取数规则：按优先级列出可用指标",
    "unit_names": "单位在各年报告中出现过的名称",
    "sources": "原始文件（按内容哈希保存，供重新解析；content 为 zstd 压缩，codec / dict_id 说明压缩方式）",
    "source_dicts": "原始文件压缩所用的 zstd 字典",
    "series_cached": "派生表：series 视图的物化副本（发布时计算，供看板快速读取）",
    "series_scoped": "派生表：series_cached 加上单位名称、地区与类型（发布时计算，按序列与地区排序）",
    "cell_series": "派生表：按省、市、区县、单位类型、年度、序列汇总的衔接序列（发布时计算）",
    "cell_values": "派生表：按省、市、区县、单位类型、年度、指标汇总的数字（发布时计算）",
    "metrics_stated": "派生表：至少一份报告载明的指标键",
    "report_status": "派生表：每份有未通过校验的报告的错误数、警告数与规则",
    "report_scoped": "派生表：每份报告及其单位名称、地区、类型、年度与校验结果（发布时计算）",
    "channel_pairs": "派生表：同一渠道在统计表与正文中各写一次的数字对照（含单位、地区、年度）",
    "ingest_runs": "每次导入的统计",
    "review_decisions": "数据质量问题的核实结论（保存在数据库旁的核实库中）",
    "review_log": "全部核实记录，含撤销（核实库）",
    "corrections": "人工更正的数字：更正值、原值、理由、更正人、时间（核实库）",
    "placements": "人工确认的报告归属：单位与年度（核实库）",
    "audit_log": "审计记录：每次写入一行（导入、替换、归属、核实、更正……）",
    "report_replacements": "被新版本替换的报告：新旧数字数与变化的数字对照；旧文件仍保存在 sources（old_sha256）",
    "meta": "数据库元信息（如版本）",
}

COLUMN_DOCS: dict[str, str] = {
    "report_id": "报告编号：'r' + 内容哈希前16位，重新解析不变",
    "unit_id": "单位编号：地区代码 + 规范化名称",
    "unit_name": "单位名称（按报告中印出的写法）",
    "name": "名称",
    "year": "统计年度",
    "template": "模板版本：std2021（2021版）/ std2019（2019版）/ legacy（旧版统计表）/ narrative（无统计表）",
    "source_path": "源文件路径",
    "sha256": "文件内容的 SHA-256 哈希",
    "format": "文件格式：txt / html / pdf / docx",
    "published_on": "发布日期",
    "province": "省级",
    "city": "市级",
    "county": "区县级",
    "kind": "单位类型：government（政府）/ department（部门）/ other（其他）",
    "is_demo": "是否为示例数据（演示语料合成的报告）",
    "n_figures": "报告中读出的数字个数",
    "doubts": "解析时存疑之处",
    "parser_version": "解析器版本",
    "ingested_at": "入库时间",
    "metric": "指标键（见 metrics 表，如 apply.denied.process.total）",
    "value": "数值",
    "raw_text": "报告中印出的原样文字（如 '１２３'、'1,234'、''、'/'、'—'）",
    "provenance": "出处：文中所在行，或表/行/列",
    "origin": "来源：table（统计表）/ text（正文）/ ocr（扫描件经文字识别）",
    "confidence": "文字识别置信度（0–1，仅 origin 为 ocr 的数字有值）",
    "label_zh": "中文名称",
    "unit": "计量单位",
    "family": "适用的模板版本",
    "section": "所属部分",
    "row_label": "统计表中的行名",
    "col_label": "统计表中的列名",
    "note": "说明",
    "rule": "校验规则名（见 docs/checks.md）",
    "severity": "严重程度：error（错误）/ warning（提示）",
    "detail": "详情",
    "metrics": "涉及的指标键",
    "reason": "原因",
    "rejected_at": "拒收时间",
    "series": "衔接序列键（如 applications_received）",
    "source_metric": "取数所用的指标键（多个以 + 相连）",
    "priority": "优先级（0 最优先）",
    "n_keys": "该取法需要的指标个数",
    "first_year": "首次出现年份",
    "last_year": "最后出现年份",
    "content": "原始文件内容",
    "size_bytes": "文件大小（字节）",
    "finding_id": "问题编号",
    "status": "核实结论：已核实 / 已排除",
    "reviewer": "核实人",
    "decided_at": "核实时间",
    "run_id": "导入批次编号",
    "started_at": "开始时间",
    "finished_at": "结束时间",
    "files_seen": "扫描到的文件数",
    "loaded": "新入库的报告数",
    "replaced": "替换旧版本的报告数",
    "unchanged": "未变化的报告数",
    "rejected": "拒收的文件数",
    "figures": "读出的数字个数",
    "failed_checks": "未通过的校验数",
    "replaced_at": "替换时间",
    "old_report_id": "被替换的报告编号",
    "old_sha256": "被替换的原文件哈希（原文件仍在 sources 中，可恢复）",
    "old_source_path": "被替换的原文件路径",
    "old_figures": "原版本的数字个数",
    "new_report_id": "新版本的报告编号",
    "new_sha256": "新版本的文件哈希",
    "new_source_path": "新版本的文件路径",
    "new_figures": "新版本的数字个数",
    "changed_figures": "数值不同、新增或消失的数字个数",
    "changes": "变化明细（前30项）：指标键: 原值 → 新值",
}

# Column descriptions that differ by table.
TABLE_COLUMN_DOCS: dict[tuple[str, str], str] = {
    ("units", "name"): "规范名称（最近一次印出的名称）",
    ("unit_names", "name"): "报告中出现过的名称写法",
    ("series", "value"): "序列值（按优先级取第一个齐全的指标，或其和）",
    ("metrics", "unit"): "计量单位（件、条、次……）",
    ("series_defs", "unit"): "计量单位",
    ("meta", "key"): "键",
    ("meta", "value"): "值",
}


def column_doc(table: str, column: str) -> str:
    return TABLE_COLUMN_DOCS.get((table, column)) or COLUMN_DOCS.get(column, "")


SCHEMA_SQL = """
SELECT c.table_name AS 表, CASE t.table_type WHEN 'VIEW' THEN '视图' ELSE '表' END AS 类型,
       c.column_name AS 列, c.data_type AS 数据类型, c.ordinal_position AS 序号
FROM information_schema.columns AS c
JOIN information_schema.tables AS t
  ON t.table_catalog = c.table_catalog AND t.table_schema = c.table_schema AND t.table_name = c.table_name
WHERE (c.table_catalog = 'data' AND c.table_schema = 'main') OR c.table_catalog = 'temp'
QUALIFY row_number() OVER (PARTITION BY c.table_name, c.column_name ORDER BY c.table_catalog = 'temp') = 1
ORDER BY c.table_name, c.ordinal_position
"""
# (temp: the officers' tables, loaded from the store beside the file — pipelines/store.py)


def schema_frame(db_path: str | Path) -> pd.DataFrame:
    """Every table/view column of the database with its description (表, 类型, 列, 数据类型, 说明)."""
    df = run_sql(db_path, SCHEMA_SQL).dataframe
    df["表说明"] = [TABLE_DOCS.get(t, "") for t in df["表"]]
    df["说明"] = [column_doc(t, c) for t, c in zip(df["表"], df["列"], strict=True)]
    return df.drop(columns=["序号"])


def catalog_frame() -> pd.DataFrame:
    """Values that queries filter on: metric keys, series keys and rule names, with Chinese labels."""
    rows = []
    for m in catalog.metrics().values():
        detail = " / ".join(p for p in (m.section, m.row_label, m.col_label) if p)
        rows.append(("指标", m.key, m.label_zh, m.unit, "report_values.metric", f"{m.family}：{detail}"))
    for s in catalog.SERIES:
        alts = "；".join("+".join(keys) for keys in s.alternatives)
        rows.append(("衔接序列", s.key, s.label_zh, s.unit, "series.series", f"取数：{alts}"))
    for rule, (severity, description) in catalog.RULES.items():
        rows.append(("校验规则", rule, description, "", "check_results.rule", severity))
    return pd.DataFrame(rows, columns=["类别", "键", "中文名", "单位", "用于", "说明"])


def _matches(df: pd.DataFrame, query: str) -> pd.Series:
    terms = [t for t in query.lower().split() if t]
    text = df.astype(str).agg(" ".join, axis=1).str.lower()
    mask = pd.Series(True, index=df.index)
    for term in terms:  # every word must appear somewhere in the row
        mask &= text.str.contains(term, regex=False)
    return mask


def search_schema(schema: pd.DataFrame, query: str) -> pd.DataFrame:
    """Columns whose table, name, type or description contains every word of ``query``."""
    if not query.strip():
        return schema
    return schema[_matches(schema, query)]


def search_catalog(query: str, catalog_df: pd.DataFrame | None = None) -> pd.DataFrame:
    """Metric keys, series and rules whose key, label or description contains every word."""
    df = catalog_frame() if catalog_df is None else catalog_df
    if not query.strip():
        return df
    return df[_matches(df, query)]

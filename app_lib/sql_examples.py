"""Worked example queries for the SQL page (SQL 查询), in Chinese, over the public tables of docs/contract.md.

Each example is a question an oversight officer asks, the SQL answering it, and a default
quick chart. The SQL reads only public contract names (reports, units, report_values,
metrics, check_results, rejected_files, series); metric and series keys come from
pipelines.catalog, so a renamed key breaks the tests, not the page.
"""

from __future__ import annotations

from dataclasses import dataclass

from pipelines import catalog


@dataclass(frozen=True)
class ChartHint:
    kind: str  # 折线图 | 柱状图 | 散点图
    x: str
    y: str
    color: str | None = None


@dataclass(frozen=True)
class SqlExample:
    key: str
    title: str  # the question, in Chinese
    sql: str
    chart: ChartHint | None = None


def _sql_literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _rule_descriptions_values() -> str:
    """A VALUES list (rule, 说明) from the catalog, so the example shows Chinese rule texts."""
    rows = ",\n    ".join(
        f"({_sql_literal(rule)}, {_sql_literal(desc)})" for rule, (_sev, desc) in catalog.RULES.items()
    )
    return f"(VALUES\n    {rows}\n) AS d(rule, 说明)"


_KEY = {s.key: s.key for s in catalog.SERIES}  # KeyError at import if a series is renamed

EXAMPLES: tuple[SqlExample, ...] = (
    SqlExample(
        "process_denials_by_county",
        "哪个区县的部门自2021年以来以过程性信息为由不予公开最多？",
        """-- 不予公开·属于四类过程性信息（总计列），只计部门，按区县汇总
SELECT u.province AS 省, u.city AS 市, coalesce(u.county, '（市本级）') AS 区县,
       count(DISTINCT v.unit_id) AS 部门数,
       sum(v.value) AS 过程性信息不予公开件数
FROM report_values AS v
JOIN units AS u ON u.unit_id = v.unit_id
WHERE v.metric = 'apply.denied.process.total'
  AND v.year >= 2021
  AND u.kind = 'department'
GROUP BY ALL
ORDER BY 过程性信息不予公开件数 DESC, 部门数 DESC
LIMIT 20""",
        ChartHint("柱状图", "区县", "过程性信息不予公开件数", "市"),
    ),
    SqlExample(
        "applications_trend",
        "全部单位每年收到的政府信息公开申请数是多少？（跨2019年模板衔接）",
        f"""-- series 视图已把 2019 年前后的不同指标衔接为同一序列
SELECT year AS 年份,
       count(DISTINCT unit_id) AS 单位数,
       sum(value) AS 收到申请数,
       round(sum(value) / count(DISTINCT unit_id), 1) AS 平均每单位
FROM series
WHERE series = '{_KEY["applications_received"]}'
GROUP BY year
ORDER BY year""",
        ChartHint("折线图", "年份", "收到申请数"),
    ),
    SqlExample(
        "applications_yoy",
        "各单位收到的申请数比上年增减多少？（窗口函数）",
        f"""SELECT unit_id AS 单位编号, unit_name AS 单位, year AS 年份,
       value AS 收到申请数,
       value - lag(value) OVER w AS 比上年增减,
       round(100.0 * (value - lag(value) OVER w) / nullif(lag(value) OVER w, 0), 1) AS 增幅百分比
FROM series
WHERE series = '{_KEY["applications_received"]}'
WINDOW w AS (PARTITION BY unit_id ORDER BY year)
ORDER BY unit_id, year""",
        ChartHint("折线图", "年份", "收到申请数", "单位"),
    ),
    SqlExample(
        "review_correction_rate",
        "行政复议被纠错率逐年如何变化？",
        f"""-- 只计同一份报告同时载明复议总数和被纠错数的情况
WITH per_report AS (
    SELECT report_id, year,
           max(value) FILTER (WHERE series = '{_KEY["reviews"]}') AS reviews,
           max(value) FILTER (WHERE series = '{_KEY["reviews_corrected"]}') AS corrected
    FROM series
    WHERE series IN ('{_KEY["reviews"]}', '{_KEY["reviews_corrected"]}')
    GROUP BY report_id, year
)
SELECT year AS 年份, count(*) AS 报告数,
       sum(reviews) AS 行政复议数, sum(corrected) AS 被纠错数,
       round(100.0 * sum(corrected) / nullif(sum(reviews), 0), 1) AS 纠错率百分比
FROM per_report
WHERE reviews IS NOT NULL AND corrected IS NOT NULL
GROUP BY year
ORDER BY year""",
        ChartHint("折线图", "年份", "纠错率百分比"),
    ),
    SqlExample(
        "lawsuit_correction_rate",
        "行政诉讼被纠错率最高的单位有哪些？",
        f"""WITH per_unit AS (
    SELECT unit_id, any_value(unit_name) AS unit_name,
           sum(value) FILTER (WHERE series = '{_KEY["lawsuits"]}') AS lawsuits,
           sum(value) FILTER (WHERE series = '{_KEY["lawsuits_corrected"]}') AS corrected
    FROM series
    WHERE series IN ('{_KEY["lawsuits"]}', '{_KEY["lawsuits_corrected"]}')
    GROUP BY unit_id
)
SELECT unit_name AS 单位, lawsuits AS 行政诉讼数, corrected AS 被纠错数,
       round(100.0 * corrected / nullif(lawsuits, 0), 1) AS 纠错率百分比
FROM per_unit
WHERE lawsuits > 0 AND corrected IS NOT NULL
ORDER BY 纠错率百分比 DESC, 行政诉讼数 DESC
LIMIT 20""",
        ChartHint("柱状图", "单位", "纠错率百分比"),
    ),
    SqlExample(
        "failed_checks_per_rule",
        "每条校验规则有多少份报告未通过？",
        f"""SELECT c.rule AS 规则, any_value(d.说明) AS 说明, c.severity AS 严重程度,
       count(*) AS 未通过次数, count(DISTINCT c.report_id) AS 涉及报告数
FROM check_results AS c
LEFT JOIN {_rule_descriptions_values()} USING (rule)
GROUP BY c.rule, c.severity
ORDER BY 未通过次数 DESC""",
        ChartHint("柱状图", "规则", "涉及报告数", "严重程度"),
    ),
    SqlExample(
        "units_missing_years",
        "哪些单位缺少某一年度的报告？",
        """-- 自单位首份报告的年份起，到库中最新年份止，每年都应有一份报告
WITH spans AS (
    SELECT unit_id, min(year) AS first_year,
           (SELECT max(year) FROM reports) AS last_year
    FROM reports
    GROUP BY unit_id
),
expected AS (
    SELECT s.unit_id, g.year
    FROM spans AS s, generate_series(s.first_year, s.last_year) AS g(year)
)
SELECT u.name AS 单位, u.province AS 省, u.city AS 市, u.county AS 区县, e.year AS 缺少年份
FROM expected AS e
JOIN units AS u ON u.unit_id = e.unit_id
ANTI JOIN reports AS r ON r.unit_id = e.unit_id AND r.year = e.year
ORDER BY 单位, 缺少年份""",
        None,
    ),
    SqlExample(
        "microblog_top_per_year",
        "每年政务微博发布信息最多的五个单位是哪些？",
        f"""SELECT year AS 年份, unit_name AS 单位, value AS 微博发布信息数, source_metric AS 来源指标,
       rank() OVER (PARTITION BY year ORDER BY value DESC) AS 名次
FROM series
WHERE series = '{_KEY["microblog_posts"]}'
QUALIFY 名次 <= 5
ORDER BY 年份, 名次""",
        ChartHint("柱状图", "年份", "微博发布信息数", "单位"),
    ),
    SqlExample(
        "reports_per_year_template",
        "每年入库多少份报告？各用哪一版模板？",
        """SELECT year AS 年份, template AS 模板, count(*) AS 报告数,
       count(DISTINCT unit_id) AS 单位数
FROM reports
GROUP BY ALL
ORDER BY 年份, 模板""",
        ChartHint("柱状图", "年份", "报告数", "模板"),
    ),
    SqlExample(
        "applicants_mix",
        "新收申请中，各类申请人各占多少？",
        """SELECT v.year AS 年份,
       split_part(m.label_zh, '·', 2) AS 申请人类型,
       sum(v.value) AS 新收申请数,
       round(100.0 * sum(v.value) / sum(sum(v.value)) OVER (PARTITION BY v.year), 1) AS 占比百分比
FROM report_values AS v
JOIN metrics AS m ON m.metric = v.metric
WHERE v.metric LIKE 'apply.new.%' AND v.metric <> 'apply.new.total'
GROUP BY 1, 2
ORDER BY 年份, 新收申请数 DESC""",
        ChartHint("柱状图", "年份", "新收申请数", "申请人类型"),
    ),
    SqlExample(
        "request_outcomes",
        "依申请公开的办理结果构成如何？（2019年新模板以来）",
        """SELECT v.year AS 年份,
       CASE split_part(v.metric, '.', 2)
            WHEN 'granted' THEN '予以公开' WHEN 'partial' THEN '部分公开'
            WHEN 'denied' THEN '不予公开' WHEN 'unable' THEN '无法提供'
            WHEN 'unprocessed' THEN '不予处理' ELSE '其他处理' END AS 办理结果,
       sum(v.value) AS 件数
FROM report_values AS v
WHERE v.metric LIKE 'apply.%.total'
  AND split_part(v.metric, '.', 2) IN ('granted', 'partial', 'denied', 'unable', 'unprocessed', 'other')
GROUP BY ALL
ORDER BY 年份, 件数 DESC""",
        ChartHint("柱状图", "年份", "件数", "办理结果"),
    ),
    SqlExample(
        "proactive_by_city",
        "各市主动公开政府信息数逐年是多少？",
        f"""SELECT u.province AS 省, u.city AS 市, s.year AS 年份,
       count(DISTINCT s.unit_id) AS 单位数, sum(s.value) AS 主动公开信息数
FROM series AS s
JOIN units AS u ON u.unit_id = s.unit_id
WHERE s.series = '{_KEY["proactive_total"]}'
GROUP BY ALL
ORDER BY 省, 市, 年份""",
        ChartHint("折线图", "年份", "主动公开信息数", "市"),
    ),
    SqlExample(
        "figures_per_metric",
        "哪些指标在报告中出现得最多？数字是如何印出的？",
        """SELECT v.metric AS 指标, any_value(m.label_zh) AS 中文名, any_value(m.unit) AS 单位,
       count(*) AS 出现次数, count(DISTINCT v.report_id) AS 报告数,
       count(*) FILTER (WHERE v.raw_text IN ('', '/', '—', '-')) AS 空白或横线次数
FROM report_values AS v
LEFT JOIN metrics AS m ON m.metric = v.metric
GROUP BY v.metric
ORDER BY 出现次数 DESC
LIMIT 50""",
        ChartHint("柱状图", "指标", "出现次数"),
    ),
)


def example_by_key(key: str) -> SqlExample:
    for example in EXAMPLES:
        if example.key == key:
            return example
    raise KeyError(key)

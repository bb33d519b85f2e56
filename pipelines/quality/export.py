"""Findings for sending to the units: the Chinese table (CSV / XLSX), one unit's
整改通知 (XLSX and DOCX)."""

from __future__ import annotations

import datetime as dt
import io
import os
from collections.abc import Iterable
from pathlib import Path, PurePath
from typing import Any

import pandas as pd

from pipelines import catalog
from pipelines.quality.vocabulary import KIND_LABELS, SEVERITY_LABELS, STATUS_CONFIRMED, STATUS_OPEN, _isna

# ---------------------------------------------------------------------------
# Export for sending to the units

EXPORT_COLUMNS = {
    "finding_id": "问题编号",
    "kind_label": "问题类别",
    "severity_label": "严重程度",
    "unit_name": "单位",
    "year": "年度",
    "rule": "规则/指标",
    "description": "说明",
    "detail": "具体情况",
    "status": "核实状态",
    "note": "核实意见",
    "reviewer": "核实人",
    "decided_at": "核实时间",
    "source_path": "来源文件",
    "report_id": "报告编号",
}


def rule_label(kind: str, rule: Any, metric: Any) -> str:
    """What a finding is about, in Chinese: the rule's name for a failed check, the figure's
    label for an anomaly, nothing for the kinds whose category says it all."""
    if kind == "check" and isinstance(rule, str):
        return catalog.rule_name(rule)
    if kind == "anomaly" and isinstance(metric, str) and metric:
        if metric.startswith("series:"):
            series = catalog.series_by_key().get(metric.split(":", 1)[1])
            return series.label_zh if series else metric
        return catalog.label(metric)
    return ""


def export_table(df: pd.DataFrame) -> pd.DataFrame:
    """Findings (with or without decisions) → the table sent to units, Chinese headers."""
    out = df.copy()
    out["kind_label"] = out["kind"].map(KIND_LABELS).fillna(out["kind"])
    out["severity_label"] = out["severity"].map(SEVERITY_LABELS).fillna(out["severity"])
    out["rule"] = [
        rule_label(k, r, m) for k, r, m in zip(out["kind"], out["rule"], out["metric"], strict=True)
    ]
    # the file as the unit knows it: its name, never a server or temporary path
    out["source_path"] = [
        PurePath(str(p)).name if isinstance(p, str) and p else "" for p in out["source_path"]
    ]
    for col in ("status", "note", "reviewer", "decided_at"):
        if col not in out:
            out[col] = STATUS_OPEN if col == "status" else ""
    out = out[list(EXPORT_COLUMNS)].rename(columns=EXPORT_COLUMNS)
    return out


def export_bytes(df: pd.DataFrame, fmt: str) -> bytes:
    """The export as bytes: 'csv' (UTF-8 with BOM, so Excel reads the Chinese) or 'xlsx'."""
    table = export_table(df)
    if fmt == "csv":
        return table.to_csv(index=False).encode("utf-8-sig")
    if fmt == "xlsx":
        buf = io.BytesIO()
        with pd.ExcelWriter(buf, engine="openpyxl") as xl:
            table.to_excel(xl, index=False, sheet_name="数据质量问题清单")
            sheet = xl.sheets["数据质量问题清单"]
            for col, width in zip(
                "ABCDEFGHIJKLMN", (20, 12, 8, 28, 6, 24, 40, 50, 8, 30, 10, 18, 40, 18), strict=False
            ):
                sheet.column_dimensions[col].width = width
        return buf.getvalue()
    raise ValueError(f"不支持的导出格式：{fmt}（可选 csv / xlsx）")


def export_findings(df: pd.DataFrame, path: str | os.PathLike) -> Path:
    """Write the findings list to ``path`` (.csv or .xlsx, by suffix)."""
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    path.write_bytes(export_bytes(df, fmt))
    return path


# ---------------------------------------------------------------------------
# 整改通知: one unit's findings, ready to send

NOTICE_STATUSES: tuple[str, ...] = (STATUS_CONFIRMED,)  # what is sent by default: verified problems


def unit_findings(df: pd.DataFrame, unit_id: str, statuses: Iterable[str] = NOTICE_STATUSES) -> pd.DataFrame:
    """The findings of one unit with the given review statuses (errors first, by year)."""
    rows = df[(df["unit_id"] == unit_id) & df["status"].isin(list(statuses))]
    return rows.sort_values(["year", "kind", "rule"], na_position="last").reset_index(drop=True)


def _notice_items(df: pd.DataFrame) -> list[dict]:
    table = export_table(df)
    return table.to_dict("records")


def notice_xlsx(df: pd.DataFrame, unit_name: str) -> bytes:
    """One unit's findings as a workbook (the 问题清单 attached to the notice)."""
    table = export_table(df).drop(columns=["问题编号", "报告编号"])
    table.insert(0, "序号", range(1, len(table) + 1))
    buf = io.BytesIO()
    with pd.ExcelWriter(buf, engine="openpyxl") as xl:
        sheet_name = "整改问题清单"
        table.to_excel(xl, index=False, sheet_name=sheet_name, startrow=2)
        sheet = xl.sheets[sheet_name]
        sheet["A1"] = f"{unit_name}政府信息公开工作年度报告问题清单"
        sheet["A2"] = f"共 {len(table)} 项　导出日期：{dt.date.today():%Y年%m月%d日}"
        for col, width in zip(
            "ABCDEFGHIJKLM", (6, 12, 8, 28, 6, 24, 40, 50, 8, 30, 10, 18, 30), strict=False
        ):
            sheet.column_dimensions[col].width = width
    return buf.getvalue()


def notice_docx(
    df: pd.DataFrame,
    unit_name: str,
    *,
    issuer: str = "",
    reply_days: int = 15,
    today: dt.date | None = None,
) -> bytes:
    """One unit's findings as a 整改通知 (DOCX): addressee, the problems numbered with year,
    category, what is wrong and where, and the request to correct or explain within
    ``reply_days`` days. Every text is inserted as plain text (never interpreted)."""
    import docx
    from docx.shared import Pt

    today = today or dt.date.today()
    items = _notice_items(df)
    doc = docx.Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    doc.add_heading("关于政府信息公开工作年度报告有关问题的整改通知", level=1)
    doc.add_paragraph(f"{unit_name}：")
    years = sorted({int(i["年度"]) for i in items if i["年度"] is not None and not _isna(i["年度"])})
    span = f"{years[0]}–{years[-1]}年度" if len(years) > 1 else (f"{years[0]}年度" if years else "")
    doc.add_paragraph(
        f"经对你单位{span}政府信息公开工作年度报告进行核查，发现以下 {len(items)} 个问题，"
        f"请于收到本通知之日起 {reply_days} 日内予以更正或作出说明，并将整改情况书面反馈。"
    )
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell_, text in zip(
        table.rows[0].cells, ("序号", "年度", "问题类别", "问题说明", "具体情况"), strict=True
    ):
        cell_.text = text
    for n, item in enumerate(items, start=1):
        year = item["年度"]
        values = (
            str(n),
            "" if year is None or _isna(year) else str(int(year)),
            str(item["问题类别"] or ""),
            "；".join(x for x in (str(item["规则/指标"] or ""), str(item["说明"] or "")) if x),
            "；".join(
                x
                for x in (
                    str(item["具体情况"] or ""),
                    f"来源文件：{item['来源文件']}" if item["来源文件"] else "",
                )
                if x
            ),
        )
        row = table.add_row().cells
        for cell_, text in zip(row, values, strict=True):
            cell_.text = text
        if item["核实意见"]:
            row[4].add_paragraph(f"核实意见：{item['核实意见']}")
    if not items:
        doc.add_paragraph("（当前没有需要整改的问题。）")
    doc.add_paragraph("")
    doc.add_paragraph("特此通知。")
    if issuer:
        doc.add_paragraph(issuer)
    doc.add_paragraph(f"{today:%Y年%m月%d日}")
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()

"""Files the ingest could not load (``rejected_files``): their reasons in Chinese, and one
finding per file, placed at a unit and year by the file's name when it names them."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import PurePath
from typing import Any

import pandas as pd

from pipelines.quality.vocabulary import _finding_id, _frame, _isna, _norm_key, _unit_names
from pipelines.query import Source, as_source

# The ingest's rejection reasons (English, stable wording: the CLI, the logs and
# ``rejected_files.reason`` keep them) → what an officer reads, Chinese only. Each pattern is
# searched from the start of the reason; the most specific first. A new rejection in the ingest
# needs its line here (tests/quality/test_rejection_reasons.py walks every one the code raises).
_ARCHIVE_MEMBER = "（压缩包内的文件，未读取）"
_REASONS_ZH: tuple[tuple[str, str], ...] = (
    (r"empty file", "空文件"),
    (r"binary data", "二进制数据，不是文本格式的报告"),
    (r"encrypted PDF", "PDF 设有密码，无法读取文字"),
    (r"damaged or truncated PDF", "PDF 文件损坏或不完整"),
    (r"scanned/image-only PDF", "扫描版 PDF，未能识别出文字"),
    (r"no text layer", "PDF 没有文字层（扫描件），暂不能识别"),
    (r"PDF has \S+ pages", "PDF 页数超过上限"),
    (r"\S+ took longer than", "读取超时，已放弃"),
    (r"\S+ needs more than .* of memory", "读取所需内存超过上限，未读取"),
    (r"not a valid DOCX file: it is an old binary \.doc", "旧版 .doc 文件，请另存为 .docx 后上传"),
    (r"not a valid DOCX file: unpacks to", "DOCX 文件解压后超过大小上限"),
    (r"DOCX (part|XML parts)", "DOCX 文件内容过大，超过读取上限"),
    (r"not a valid DOCX file", "不是有效的 DOCX 文件"),
    (r"unsupported document format", "不支持的文档格式，请另存为 .docx、PDF 或 HTML 后上传"),
    (r"unsupported file type .*\(archive member", "不支持的文件类型" + _ARCHIVE_MEMBER),
    (r"unsupported file type", "不支持的文件类型"),
    (r"picture too small", "图片太小，不像扫描的报告页" + _ARCHIVE_MEMBER),
    (r"image too small", "图片太小，不像扫描的报告页"),
    (r"image too large", "图片尺寸超过上限"),
    (r"image has more than", "图片页数超过上限"),
    (r"unreadable image", "图片无法读取"),
    (r"scanned image", "扫描图片中未能识别出文字"),
    (r"OCR engine unavailable", "文字识别组件不可用，暂不能读取扫描件"),
    (r"not a valid zip archive", "不是有效的 zip 压缩包"),
    (r"unsafe archive", "压缩包不安全（成员路径越界或为绝对路径）"),
    (
        r"the archives of this run unpack to more than",
        "本次导入的压缩包解压后总量超过上限，请单独导入这个压缩包",
    ),
    (r"archive unpacks to more than", "压缩包解压后超过大小上限"),
    (r"archive has more than", "压缩包内文件过多"),
    (r"archive nested deeper", "压缩包嵌套层数过多"),
    (r"encrypted archive member", "压缩包内文件已加密"),
    (r"damaged zip member", "压缩包内文件损坏"),
    (r"member .* compression ratio", "压缩包内文件压缩比异常（疑似压缩炸弹）"),
    (r"member .* unpacks to", "压缩包内文件解压后超过大小上限"),
    (r"file nested too deeply", "文件嵌套层数过多"),
    (r"HTML nested too deeply", "网页嵌套层数过多，无法读取"),
    (r"HTML page has more than .* table cells", "网页表格单元格过多，超过读取上限"),
    (r"HTML page has .* tags", "网页标签过多，超过读取上限"),
    (r"file too large", "文件超过大小上限"),
    (r"no text in the", "文件中没有文字"),
    (r"unreadable HTML", "网页无法读取"),
    (r"unreadable", "文件无法读取"),
    (r"not an annual report", "不是政府信息公开工作年度报告"),
    (r"cannot place this report", "无法确定报告所属单位或统计年度"),
    (r"cannot read file", "无法读取文件"),
    (r"no such file or folder", "文件或文件夹不存在"),
    (r"symbolic link to a (file|folder) outside", "指向输入文件夹以外的链接，未读取"),
    (r"parser error", "解析程序出错"),
)
_REASON_PATTERNS = tuple((re.compile(pattern), zh) for pattern, zh in _REASONS_ZH)
# a reason the table does not know yet: still Chinese on the page, the wording is in the log
UNKNOWN_REASON_ZH = "未能导入（原因未归类，详见导入记录）"
_REPARSE = re.compile(r"^reparse failed, kept old figures: (?P<reason>.*)$", re.S)
# the placement's own reason is Chinese already (pipelines/normalize/placement.py)
_REPARSE_UNPLACED = re.compile(r"^reparse could not place it, kept old figures: (?P<reason>.*)$", re.S)
_CJK = re.compile(r"[\u4e00-\u9fff]")


DUPLICATE_PREFIX = "duplicate of already-loaded"
_DUPLICATE = re.compile(r"^duplicate of already-loaded (?P<path>.*?)(?: \(same content\))?$")


def is_duplicate(reason: Any) -> bool:
    """A file whose bytes are already loaded under another name: no failure, nothing to send."""
    return isinstance(reason, str) and reason.strip().startswith(DUPLICATE_PREFIX)


def reason_zh(reason: str) -> str:
    """A rejection reason as an officer reads it: Chinese only (the ingest's English wording
    stays in the CLI summary, the logs and ``rejected_files``). A duplicate names the file
    already loaded, never a server or temporary path."""
    text = (reason or "").strip()
    dup = _DUPLICATE.match(text)
    if dup:
        return f"重复文件：与已收录的“{PurePath(dup['path']).name}”内容相同，未重复收录"
    reparse = _REPARSE.match(text)
    if reparse:
        return f"重新解析失败，保留原有数字：{reason_zh(reparse['reason'])}"
    unplaced = _REPARSE_UNPLACED.match(text)
    if unplaced:
        why = unplaced["reason"].strip()
        said = f"：{why}" if _CJK.search(why) and not re.search(r"[A-Za-z]{2,}", why) else ""
        return f"重新解析时无法确定报告所属单位或年度，保留原有数字{said}"
    for pattern, zh in _REASON_PATTERNS:
        if pattern.match(text):
            return zh
    return UNKNOWN_REASON_ZH


def rejected_files(source: Any) -> pd.DataFrame:
    """Files not ingested, one row per file (the latest reason), newest first."""
    return as_source(source).df(
        """
        SELECT source_path, reason, rejected_at, sha256
        FROM rejected_files
        QUALIFY row_number() OVER (PARTITION BY coalesce(sha256, source_path) ORDER BY rejected_at DESC) = 1
        ORDER BY rejected_at DESC, source_path
        """
    )


def rejected_findings(source: Any) -> pd.DataFrame:
    df = rejected_files(source)
    # the name index (every unit's name variants: 10^5 at 1 M reports) only when needed
    known = _name_index(as_source(source)) if not df.empty else {}
    rows = []
    for rec in df.to_dict("records"):
        if is_duplicate(rec["reason"]):
            continue  # its content is in the database already: reported on upload, not a finding
        unit_id, year = guess_unit_year(rec["source_path"], known)
        # a rejected file has no report; what it is about is its content (or its name)
        key = (
            rec["sha256"] if not _isna(rec["sha256"]) and rec["sha256"] else PurePath(rec["source_path"]).name
        )
        rows.append(
            {
                "finding_id": _finding_id("rejected", "", None, "rejected", key),
                "kind": "rejected",
                "severity": "error",
                "unit_id": unit_id,
                "unit_name": known.get("__names__", {}).get(unit_id) if unit_id else None,
                "year": year,
                "rule": "rejected",
                "metric": "",
                "description": "文件未能导入",
                "detail": f"{PurePath(rec['source_path']).name}：{reason_zh(rec['reason'])}",
                "report_id": None,
                "source_path": rec["source_path"],
                "metrics": [],
            }
        )
    return _frame(rows)


def _name_index(db: Source) -> dict:
    """Name variants → unit_id, longest first, for placing a rejected file by its name."""
    names = db.df(
        """
        SELECT unit_id, name FROM unit_names
        UNION SELECT unit_id, name FROM units
        UNION SELECT unit_id, unit_name FROM reports WHERE unit_name IS NOT NULL
        """
    )
    canonical = _unit_names(db)
    variants = sorted(
        ((_norm_key(n), u) for u, n in zip(names["unit_id"], names["name"], strict=False) if n),
        key=lambda item: -len(item[0]),
    )
    return {"__variants__": variants, "__names__": canonical}


def guess_unit_year(source_path: str, index: Mapping) -> tuple[str | None, int | None]:
    """Best effort (file name as a last resort, as the ingest does): a known unit name and a
    four-digit report year in the file's path. Either may be None."""
    text = _norm_key(str(source_path))
    unit_id = next((u for name, u in index.get("__variants__", []) if len(name) >= 4 and name in text), None)
    years = re.findall(r"(?<!\d)((?:19|20)\d{2})(?!\d)", text)
    return unit_id, (int(years[0]) if years else None)

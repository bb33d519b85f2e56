"""Uploads of the 导入 page: the limits of a batch, the check of a selection, and saving the
files under safe names; the run's summary as the page keeps it (plain data, no Streamlit
widgets, so tests call these directly).

The size of one file is Streamlit's own ``server.maxUploadSize`` (.streamlit/config.toml),
which the server enforces: the page reads it from there, so it is set once. The batch limits
come from pipelines.settings (``upload_total_mb``, ``upload_files``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path, PurePath

import pandas as pd

from pipelines import settings

ACCEPTED_TYPES = ["txt", "htm", "html", "pdf", "docx", "zip"]
FILE_MB_HELP = "浏览器上传的单个文件（含 zip 压缩包）不得超过该大小；压缩包解压后的大小和成员数另由导入程序限制。"


@dataclass(frozen=True)
class UploadLimits:
    file_mb: int  # one file (Streamlit's server.maxUploadSize)
    total_mb: int  # one batch
    files: int  # files in one batch


def upload_limits() -> UploadLimits:
    """The limits now: the server's file size, the batch limits of the settings."""
    import streamlit as st

    current = settings.current()
    return UploadLimits(int(st.get_option("server.maxUploadSize")), current.upload_total_mb, current.upload_files)


def upload_problem(uploads: list) -> str | None:
    """Why this batch cannot be imported as is (None when it can)."""
    limits = upload_limits()
    if len(uploads) > limits.files:
        return f"一次最多导入 {limits.files} 个文件，当前选择了 {len(uploads)} 个，请分批上传。"
    too_big = [u.name for u in uploads if u.size > limits.file_mb * 1024 * 1024]
    if too_big:
        return f"以下文件超过 {limits.file_mb} MB：{'、'.join(too_big)}"
    total = sum(u.size for u in uploads)
    if total > limits.total_mb * 1024 * 1024:
        return f"所选文件合计 {total / 1024 / 1024:.0f} MB，超过一次导入的上限 {limits.total_mb} MB，请分批上传。"
    return None


def save_uploads(uploads: list, folder: Path) -> list[Path]:
    """Write uploaded files into ``folder`` under their own base names (the parser may read
    unit and year from a file name). A browser sends a bare name, but never trust it: only
    the last path component is kept, and a name seen twice goes into its own sub-folder."""
    paths: list[Path] = []
    seen: set[str] = set()
    for i, upload in enumerate(uploads):
        name = PurePath(upload.name.replace("\\", "/")).name.strip() or f"upload-{i}"
        if name in (".", "..") or name.startswith("."):
            name = f"upload-{i}{PurePath(name).suffix}"
        target_dir = folder if name not in seen else folder / str(i)
        seen.add(name)
        target_dir.mkdir(parents=True, exist_ok=True)
        path = target_dir / name
        path.write_bytes(upload.getvalue())
        paths.append(path)
    return paths


def replacements_frame(rows: list[dict]) -> pd.DataFrame:
    """Old and new version of every replaced report, side by side."""
    return pd.DataFrame(
        [
            {
                "单位": r["unit_id"],
                "年度": r["year"],
                "原文件": r["old_source_path"],
                "原数字数": r["old_figures"],
                "新文件": r["new_source_path"],
                "新数字数": r["new_figures"],
                "变化的数字": r["changed_figures"],
                "变化明细（原 → 新）": r["changes"],
                "原版本哈希": r["old_sha256"],
            }
            for r in rows
        ]
    )


def summary_dict(summary, folder: Path) -> dict:
    """A plain, picklable copy of the IngestSummary for the session (file names shown
    without the temporary folder)."""

    def short(path: str) -> str:
        text = str(path)
        prefix = str(folder) + "/"
        return text[len(prefix) :] if text.startswith(prefix) else PurePath(text).name

    return {
        "files_seen": summary.files_seen,
        "loaded": summary.loaded,
        "replaced": summary.replaced,
        "unchanged": summary.unchanged,
        "duplicates": summary.duplicates,
        "figures": summary.figures,
        "failed_checks": summary.failed_checks,
        "rejected": [(short(p), r) for p, r in summary.rejected],
        "unplaced": [(short(p), r) for p, r in getattr(summary, "unplaced", [])],
        # the copy already loaded, by its file name only (it may sit in an earlier upload's temporary folder)
        "duplicate_of": [(short(p), PurePath(str(o)).name) for p, o in getattr(summary, "duplicate_of", [])],
        "report_ids": list(summary.report_ids),
        "replacements": [
            {
                **r,
                "old_source_path": short(r["old_source_path"]),
                "new_source_path": short(r["new_source_path"]),
            }
            for r in getattr(summary, "replacements", [])
        ],
        "finished_at": dt.datetime.now().strftime("%Y-%m-%d %H:%M:%S"),
    }

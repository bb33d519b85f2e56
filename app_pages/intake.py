"""导入: upload annual reports (or a zip of them) from the browser and run the REAL ingest
(pipelines.ingest.ingest_paths) with a progress bar, then show what happened.

Safety is the ingest's: zip member paths, unpacked sizes, per-format size limits, and the
atomic publish (nothing half-written; the running dashboard switches to the new database
file only once it is complete, and every page's cache is keyed by that file's version).
This page adds the upload limits below and keeps uploads in a private temporary folder
that is removed after the ingest (the original bytes are stored in the database).
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path, PurePath

import pandas as pd
import streamlit as st

from app_lib import nav, uploads
from app_lib.auth import current_actor
from app_lib.db import get_db_path, source
from app_lib.queries import quality as q
from app_lib.ui import empty_state, page_header, problem
from app_lib.unplaced_ui import placed_message, render_unplaced
from pipelines import catalog
from pipelines.errors import GovReportsError
from pipelines.quality import reason_zh
from pipelines.safetext import md


def _run_ingest(files: list) -> dict | None:
    try:
        from pipelines.ingest import ingest_paths
    except ImportError as exc:
        problem(f"导入程序不可用：{md(exc)}")
        return None
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    folder = Path(tempfile.mkdtemp(prefix=f"govreports-upload-{stamp}-"))
    bar = st.progress(0.0, text="正在准备…")

    shown = {"fraction": 0.0}

    def on_progress(done: int, total: int, name: str) -> None:
        shown["fraction"] = min(done / total, 1.0) if total else 1.0
        bar.progress(shown["fraction"], text=f"正在导入 {done}/{total}：{md(PurePath(name).name, 120)}")

    from pipelines.extract import ocr

    def on_ocr_page(name: str, page: int, pages: int) -> None:
        # a scanned page read by OCR (a few seconds each): shown page by page
        bar.progress(shown["fraction"], text=f"正在识别扫描件 {md(PurePath(name).name, 80)}：第 {page}/{pages} 页")

    ocr.set_progress(on_ocr_page)
    try:
        paths = uploads.save_uploads(files, folder)
        with st.spinner("正在解析并写入数据库…"):
            summary = ingest_paths(
                paths,
                get_db_path(),
                is_demo=False,
                progress=on_progress,
                on_wait=lambda message: st.info(f"正在等待另一个导入完成后再写入：{md(message)}"),
                actor=current_actor(),  # the importer role is checked by ingest_paths itself
            )
    except GovReportsError as exc:
        problem(f"导入没有完成，数据库保持原样：{md(exc)}")
        return None
    except OSError as exc:
        problem(f"无法保存上传的文件：{md(exc.strerror or exc)}")
        return None
    finally:
        ocr.set_progress(None)
        shutil.rmtree(folder, ignore_errors=True)
    bar.progress(1.0, text="导入完成")
    return uploads.summary_dict(summary, folder)


def _show_summary(s: dict) -> None:
    st.subheader(f"导入结果（{s['finished_at']}）", anchor=False)
    cols = st.columns(7)
    cols[0].metric("文件数", s["files_seen"])
    cols[1].metric("新收录", s["loaded"])
    cols[2].metric("替换", s["replaced"], help="同一单位同一年度的报告内容有变化，用新文件替换了原版本")
    cols[3].metric("未变化", s["unchanged"] + s["duplicates"], help="与已收录的报告内容完全相同，未重复收录")
    cols[4].metric("待归属", len(s.get("unplaced", [])), help="是年度报告，但单位或年度不能确定：已保存，确认归属后计入")
    cols[5].metric("未能导入", len(s["rejected"]))
    cols[6].metric("勾稽不符", s["failed_checks"])
    if s["rejected"]:
        st.markdown("**未能导入的文件**")
        rejected = pd.DataFrame(s["rejected"], columns=["文件", "原因"])
        rejected["原因"] = rejected["原因"].map(reason_zh)
        # st.table renders Markdown in cells: names and reasons are escaped to show as written
        st.table(rejected.map(md).set_index("文件"))
    if s.get("replacements"):
        st.markdown(f"**替换的报告：{len(s['replacements'])} 份**（原版本的文件仍保存在数据库中，可以恢复）")
        st.dataframe(uploads.replacements_frame(s["replacements"]), hide_index=True)  # plain text cells
    if s["duplicate_of"]:
        # a long list (a whole folder sent again) stays folded
        with st.expander(
            f"与已收录报告相同的文件：{len(s['duplicate_of'])} 个（未重复收录）",
            expanded=len(s["duplicate_of"]) <= 10,
        ):
            st.table(
                pd.DataFrame(s["duplicate_of"], columns=["文件", "已收录的文件"]).map(md).set_index("文件")
            )
    _new_reports(s["report_ids"], s["figures"])


def _new_reports(report_ids: list[str], figures: int) -> None:
    if not report_ids:
        empty_state("本次没有新收录或替换的报告。")
        return
    try:
        reports = q.reports_by_id(source(), report_ids)
        checks = q.failed_checks_of(source(), report_ids)
    except GovReportsError as exc:
        problem(f"无法读取数据库：{md(exc)}")
        return
    st.markdown(f"**新收录或替换的报告：{len(reports)} 份，共 {figures} 个数字**")
    for rec in reports.to_dict("records"):
        n_failed = int((checks["report_id"] == rec["report_id"]).sum()) if not checks.empty else 0
        label = f"{md(rec['unit_name'])} · {rec['year']}年度 · {catalog.FAMILY_LABELS.get(rec['template'], rec['template'])}"
        if n_failed:
            label += f" · 勾稽不符 {n_failed} 项"
        nav.link(nav.UNIT_PROFILE, label, icon=":material/description:", query_params={"unit": rec["unit_id"]})
    if not checks.empty:
        with st.expander("勾稽关系不符明细"):
            shown = checks.merge(reports[["report_id", "unit_name", "year"]], on="report_id", how="left")
            shown["说明"] = shown["rule"].map(catalog.rule_description)
            shown["rule"] = shown["rule"].map(catalog.rule_name)
            st.dataframe(
                shown[["unit_name", "year", "rule", "说明", "detail"]].rename(
                    columns={"unit_name": "单位", "year": "年度", "rule": "规则", "detail": "具体情况"}
                ),
                hide_index=True,
            )
        nav.link(nav.QUALITY, "到“数据质量”页逐条核实", icon=nav.QUALITY.icon)


page_header(
    "导入",
    "上传年度报告文件（TXT、HTML、PDF、DOCX）或其 zip 压缩包，导入后即可在各页面查看。"
    "同一份报告重复上传不会重复收录；内容有变化的报告会替换原来的版本。",
)
limits = uploads.upload_limits()
st.caption(
    f"单个文件不超过 {limits.file_mb} MB，一次合计不超过 {limits.total_mb} MB、"
    f"{limits.files} 个文件。扫描件（无文字层的 PDF）暂不能识别。"
)
chosen = st.file_uploader(
    "选择年度报告文件或 zip 压缩包",
    type=uploads.ACCEPTED_TYPES,
    accept_multiple_files=True,
    help=uploads.FILE_MB_HELP,
    key=f"intake-uploader-{st.session_state.get('intake-round', 0)}",
)
problem_text = uploads.upload_problem(chosen or [])
if problem_text:
    problem(problem_text)
start = st.button(
    "开始导入", type="primary", disabled=not chosen or bool(problem_text), key="intake-start"
)
if start and chosen:
    summary = _run_ingest(chosen)
    if summary is not None:
        st.session_state["intake-summary"] = summary
        # a fresh uploader (new key) so the same files are not submitted twice
        st.session_state["intake-round"] = st.session_state.get("intake-round", 0) + 1
        st.rerun()
summary = st.session_state.get("intake-summary")
if summary is not None:
    _show_summary(summary)
st.divider()
placed_message()
render_unplaced("intake")

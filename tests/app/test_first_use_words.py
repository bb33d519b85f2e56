"""What an officer reads (issue 13, points 4 and 10): Chinese words for rules and positions,
'—' for missing (never None), '/' as printed (never 0), no green arrow on a nil change, and
duplicate uploads reported as duplicates (not failures) without server paths."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from app_lib import formatting, tables
from pipelines import catalog
from tests.app.apphelpers import open_tab

RULE_KEY = re.compile(r"\b(?:std|legacy)\.[a-z_]+\b|\btext_vs_table\b")
ENGLISH_POSITION = re.compile(r"\b(?:table|row|col|line|page|cell) \d+")


def _frames(at) -> list[pd.DataFrame]:
    return [df.value if isinstance(df.value, pd.DataFrame) else df.value.data for df in at.dataframe]


def _assert_readable(frames: list[pd.DataFrame], where: str) -> None:
    for df in frames:
        # a column that names the SQL key on purpose (规则键（SQL 中 …）) is for SQL users
        shown = df.reset_index()
        shown = shown[[c for c in shown.columns if "SQL" not in str(c)]]
        empty = shown.columns[shown.isna().any()].tolist()
        assert not empty, (where, "missing cells show as None", empty)
        shown = shown.astype(str)
        text = " ".join(shown.columns.astype(str)) + " " + " ".join(shown.to_numpy().ravel().tolist())
        assert "None" not in text and "nan" not in text.split(), (where, df.head())
        assert not RULE_KEY.search(text), (where, RULE_KEY.search(text).group(0))
        assert not ENGLISH_POSITION.search(text), (where, ENGLISH_POSITION.search(text).group(0))


def test_every_rule_has_a_chinese_name():
    assert set(catalog.RULE_NAMES) == set(catalog.RULES)
    for rule in catalog.RULES:
        assert re.search(r"[\u4e00-\u9fff]", catalog.rule_name(rule)) and "." not in catalog.rule_name(rule)


@pytest.mark.parametrize(
    ("raw", "zh"),
    [
        ("table 2 row 5 col 3", "第2表第5行第3列"),
        ("page 1 table 1 row 4 col 2", "第1页第1表第4行第2列"),
        ("line 12", "第12行"),
        ("line 45 cell 5", "第45行第5格"),
        ("line 32 (text)", "正文第32行"),
        ("page 2 line 3 (text)", "第2页正文第3行"),
        (None, "—"),
    ],
)
def test_positions_in_chinese(raw, zh):
    assert formatting.position(raw) == zh


def test_nil_change_has_no_arrow_and_no_colour():
    flat = formatting.metric_delta(1000.2, 1000.0)
    assert flat["delta_arrow"] == "off" and flat["delta_color"] == "off" and not flat["delta"].startswith("+")
    assert formatting.metric_delta(30, 30, absolute=True)["delta_arrow"] == "off"
    up = formatting.metric_delta(120, 100)
    assert up == {"delta": "+20.0% 较上年"}
    assert formatting.metric_delta(None, 100) == {"delta": None}


def test_not_applicable_shown_as_printed_and_missing_as_dash():
    values = pd.DataFrame(
        {
            "metric": ["a", "a", "b", "b"],
            "label": ["甲", "甲", "乙", "乙"],
            "year": [2020, 2021, 2020, 2021],
            "value": [1234.0, 0.0, 5.0, np.nan],
            "raw_text": ["1234", "/", "5", None],
            "origin": "table",
        }
    )
    shown = tables.years_side_by_side_printed(values)
    assert shown.loc["甲"].tolist() == ["1,234", "/"]
    assert shown.loc["乙"].tolist() == ["5", "—"]
    pair = tables.two_years_printed(values, 2020, 2021)
    assert pair.loc["甲"].tolist() == ["1,234", "/", "—", "—"]  # no -100 % from a printed '/'
    change = tables.yoy(tables.years_side_by_side(tables.not_applicable_as_missing(values)))
    assert change.isna().all().all()


def test_duplicate_reason_in_chinese_without_paths():
    from pipelines.quality import reason_zh

    text = reason_zh(
        "duplicate of already-loaded /tmp/govreports-upload-20261130-x/a/2019_某局.txt (same content)"
    )
    assert "重复" in text and "2019_某局.txt" in text
    assert "/tmp" not in text and "duplicate" not in text


def test_duplicate_upload_is_no_failure_finding(demo_db_copy, samples_dir, tmp_path):
    import shutil

    import duckdb

    from pipelines import quality
    from pipelines.ingest import ingest_paths

    sample = next(p for p in sorted(samples_dir.iterdir()) if p.is_file() and not p.name.endswith(".json"))
    copy = tmp_path / "upload-dir" / f"副本_{sample.name}"
    copy.parent.mkdir()
    shutil.copyfile(sample, copy)
    con = duckdb.connect(str(demo_db_copy), read_only=True)
    before = quality.findings(con)
    con.close()
    summary = ingest_paths([copy], demo_db_copy, progress=False)
    assert summary.duplicates == 1
    con = duckdb.connect(str(demo_db_copy), read_only=True)
    after = quality.findings(con)
    con.close()
    assert len(after) == len(before)
    assert not after["detail"].fillna("").str.contains("upload-dir|duplicate").any()


@pytest.mark.parametrize(
    "page_path",
    ["app_pages/unit_profile.py", "app_pages/quality.py", "app_pages/compare.py", "app_pages/trends.py"],
)
def test_tables_show_chinese_and_no_none(demo_db, monkeypatch, page_path):
    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=90)
    at.query_params["kind"] = "all"
    at.switch_page(page_path).run()
    assert not at.exception
    frames = _frames(at)
    if page_path.endswith("unit_profile.py"):
        at.toggle(key="profile_yoy").set_value(True).run()
        frames += _frames(at)
        open_tab(at, "两年对比")  # the figures and the text comparison of two years
        assert not at.exception
        frames += _frames(at)
        assert any("变化" in f.columns for f in frames)
    if page_path.endswith("quality.py"):  # lazy tabs: every tab's tables, one tab at a time
        for tab in [t.label for t in at.tabs][1:]:
            open_tab(at, tab)
            assert not at.exception, (tab, at.exception)
            frames += _frames(at)
    assert frames
    _assert_readable(frames, page_path)


def test_quality_check_detail_in_chinese(demo_db):
    """A selected failed check: its rule name, the positions of its figures, no server path."""
    import duckdb

    from app_lib.queries import quality as q
    from app_lib.report_source import read_lines
    from app_lib.source import connect
    from app_lib.viewer import with_source_lines

    con = duckdb.connect(str(demo_db), read_only=True)
    report_id, rule, metrics = con.execute(
        "SELECT report_id, rule, metrics FROM check_results WHERE len(metrics) > 0 LIMIT 1"
    ).fetchone()
    con.close()
    db = connect(demo_db)
    values = q.check_values(db, report_id, list(metrics))
    info = q.report_info(db, report_id)
    lines, problem = read_lines(db, info["sha256"], info["source_path"])
    assert problem is None and lines
    shown = with_source_lines(values, lines)
    _assert_readable([shown], "check detail")
    assert "指标键" not in shown.columns
    assert "原文所在行" in shown.columns and shown["原文所在行"].str.len().gt(0).any()
    assert rule in catalog.RULE_NAMES


def test_findings_export_names_rules_in_chinese_without_paths(demo_db):
    import duckdb

    from pipelines import quality

    con = duckdb.connect(str(demo_db), read_only=True)
    table = quality.export_table(quality.findings_with_decisions(con))
    con.close()
    text = " ".join(str(v) for v in table.to_numpy().ravel().tolist())
    assert not RULE_KEY.search(text), RULE_KEY.search(text).group(0)
    assert not ENGLISH_POSITION.search(text), ENGLISH_POSITION.search(text).group(0)
    assert not table["来源文件"].astype(str).str.contains("/").any()
    assert not re.search(r"\b[a-z_]+\.[a-z_]+\b", " ".join(table["规则/指标"].astype(str)))


def test_report_viewer_speaks_chinese(demo_db, monkeypatch):
    """The figure list of the report viewer: positions 第…行, labels not keys, '/' as printed."""
    import duckdb

    from app_lib.report_source import read_lines
    from app_lib.source import connect
    from app_lib.viewer import report_html

    con = duckdb.connect(str(demo_db), read_only=True)
    report_id, sha, path = con.execute(
        """SELECT r.report_id, r.sha256, r.source_path FROM reports r
           WHERE r.template = 'std2021' AND EXISTS (SELECT 1 FROM report_values v
                 WHERE v.report_id = r.report_id AND trim(v.raw_text) = '/') LIMIT 1"""
    ).fetchone()
    figures = con.execute(
        """SELECT v.metric, m.label_zh AS label, v.value, v.raw_text, v.provenance, v.origin
           FROM report_values v LEFT JOIN metrics m USING (metric) WHERE v.report_id = ?""",
        [report_id],
    ).df()
    con.close()
    lines, problem = read_lines(connect(demo_db), sha, path)
    assert problem is None
    doc, _ = report_html(lines, figures)
    visible = re.sub(r'title="[^"]*"', "", doc)
    visible = re.sub(r'(id|href)="[^"]*"', "", visible)
    assert not ENGLISH_POSITION.search(visible), ENGLISH_POSITION.search(visible).group(0)
    assert "<code>" not in doc
    assert '<td class="num">/</td>' in doc


# Pictographs that need a colour-emoji font (absent on the office machines and the server's
# chromium: they render as boxes, issue 13 point 4); icons come from Streamlit's
# ``:material/…:`` font instead.
EMOJI = re.compile("[\U0001f000-\U0001faff\ufe0f]")


def test_no_emoji_in_what_the_app_shows():
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    sources = [
        root / "dashboard.py",
        *sorted((root / "app_pages").glob("*.py")),
        *sorted((root / "app_lib").rglob("*.py")),
        *sorted((root / "pipelines").rglob("*.py")),
    ]
    found = [
        f"{path.relative_to(root)}:{n}: {line.strip()[:60]}"
        for path in sources
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if EMOJI.search(line)
    ]
    assert len(sources) > 60 and found == []


# The tool bar buttons of a 2-D chart and the double-click hint, as plotly.js words them.
PLOTLY_WORDS = [
    "Zoom",
    "Pan",
    "Box Select",
    "Lasso Select",
    "Zoom in",
    "Zoom out",
    "Autoscale",
    "Reset axes",
    "Download plot as a PNG",
    "Double-click to zoom back out",
]


def test_plotly_words_are_those_of_the_shipped_plotly():
    """The dictionary's keys are the strings of the plotly.js inside the installed Streamlit
    (a renamed button would silently show in English again)."""
    from pathlib import Path

    import streamlit

    bundles = list((Path(streamlit.__file__).parent / "static").rglob("PlotlyChart*.js"))
    assert bundles
    code = "".join(path.read_text(encoding="utf-8", errors="replace") for path in bundles)
    assert [w for w in PLOTLY_WORDS if f"`{w}`" not in code and f'"{w}"' not in code] == []


@pytest.mark.parametrize(
    "page_path", ["app_pages/applications.py", "app_pages/quality.py", "app_pages/unit_profile.py"]
)
def test_every_chart_speaks_chinese_in_its_tool_bar(demo_db, monkeypatch, page_path):
    import json

    from app_lib.snapshot import render_html

    monkeypatch.setenv("GOVREPORTS_DB", str(demo_db))
    at = AppTest.from_file("../../dashboard.py", default_timeout=90)
    at.switch_page(page_path).run()
    assert not at.exception
    charts = at.get("plotly_chart")
    assert charts
    for chart in charts:
        config = json.loads(chart.proto.config)
        words = config["locales"][config["locale"]]["dictionary"]
        assert config["locale"] == "zh-CN"
        untranslated = [w for w in PLOTLY_WORDS if not re.search(r"[\u4e00-\u9fff]", words.get(w, ""))]
        assert untranslated == []
    # the interactive HTML download too
    spec = json.loads(charts[0].proto.spec)
    import plotly.graph_objects as go

    html = render_html(go.Figure(spec)).decode("utf-8")
    assert '"locale": "zh-CN"' in html and json.dumps("还原坐标轴") in html


def test_empty_choice_widgets_say_what_they_mean_in_chinese():
    """A multiselect, or a select box that starts empty, shows its placeholder while nothing is
    chosen: Streamlit's own is English ("Choose options"), so every one names its own."""
    import ast
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    missing, seen = [], 0
    for path in [*sorted((root / "app_pages").glob("*.py")), *sorted((root / "app_lib").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            keywords = {k.arg: k.value for k in node.keywords}
            starts_empty = node.func.attr == "multiselect" or (
                node.func.attr == "selectbox"
                and isinstance(keywords.get("index"), ast.Constant)
                and keywords["index"].value is None
            )
            if not starts_empty:
                continue
            seen += 1
            text = keywords.get("placeholder")
            if not (isinstance(text, ast.Constant) and re.search(r"[\u4e00-\u9fff]", str(text.value))):
                missing.append(f"{path.relative_to(root)}:{node.lineno}")
    assert seen >= 10 and missing == []

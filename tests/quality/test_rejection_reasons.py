"""Every rejection the ingest can raise reads in Chinese for the officer (文件未能导入 findings,
the upload summary): the English wording stays in the CLI, the logs and ``rejected_files``.

The reasons are found by reading the ingest's own code: every ``RejectedInput(...)``, every
``reject_reason=`` / ``dropped=`` of an input item, the ``Rejected(...)`` results, the reasons
appended to a run's summary and the functions that build a reason — so a new rejection without
its Chinese line fails here."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from pipelines import quality
from pipelines.quality.rejected import UNKNOWN_REASON_ZH

PIPELINES = Path(__file__).resolve().parents[2] / "pipelines"
# file formats an officer knows by these letters (and their extensions)
FORMAT_WORDS = {"pdf", "docx", "doc", "html", "zip", "txt"}
REASON_BUILDERS = {"_drop_reason", "_pdf_failure"}
CJK = re.compile(r"[\u4e00-\u9fff]")


def _render(node: ast.AST) -> str | None:
    """The reason a string expression makes, each placeholder filled with '某'; None when the
    expression is not built from literals (a reason passed on from elsewhere)."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(v.value if isinstance(v, ast.Constant) else "某" for v in node.values)
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        left, right = _render(node.left), _render(node.right)
        return None if left is None or right is None else left + right
    if isinstance(node, ast.Subscript):  # f"…"[:300]
        return _render(node.value)
    return None


def _reason_nodes(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = getattr(node.func, "id", getattr(node.func, "attr", ""))
            if name == "RejectedInput" and node.args:
                yield node.args[0]
            if name == "Rejected" and len(node.args) >= 2:
                yield node.args[1]
            for kw in node.keywords:
                if kw.arg in ("reject_reason", "dropped"):
                    yield kw.value
            # summary.rejected.append((name, reason))
            if (
                name == "append"
                and isinstance(node.func, ast.Attribute)
                and getattr(node.func.value, "attr", "") == "rejected"
                and node.args
                and isinstance(node.args[0], ast.Tuple)
            ):
                yield node.args[0].elts[1]
        elif isinstance(node, ast.FunctionDef) and node.name in REASON_BUILDERS:
            for sub in ast.walk(node):
                if isinstance(sub, ast.Return) and sub.value is not None:
                    yield sub.value


def _ingest_reasons() -> list[tuple[str, str]]:
    found = []
    for path in sorted(PIPELINES.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in _reason_nodes(tree):
            text = _render(node)
            if text is not None:
                found.append((f"{path.relative_to(PIPELINES.parent)}:{node.lineno}", text))
    return found


def _folder_link_reasons() -> list[tuple[str, str]]:
    """The reasons ``_folder_files`` pairs with a path (a link leading outside the folder)."""
    tree = ast.parse((PIPELINES / "ingest.py").read_text(encoding="utf-8"))
    fn = next(n for n in ast.walk(tree) if isinstance(n, ast.FunctionDef) and n.name == "_folder_files")
    return [
        (f"pipelines/ingest.py:{n.lineno}", n.value)
        for n in ast.walk(fn)
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and n.value.startswith("symbolic link")
    ]


REASONS = _ingest_reasons() + _folder_link_reasons()


def ascii_words(text: str) -> list[str]:
    return [w for w in re.findall(r"[A-Za-z]+", text) if w.lower() not in FORMAT_WORDS]


def test_the_walk_finds_the_ingest_rejections():
    texts = [t for _, t in REASONS]
    # one per kind of failure, from every reader: a walk that finds nothing proves nothing
    assert len(REASONS) >= 50, REASONS
    for sample in (
        "empty file",
        "binary data",
        "damaged or truncated PDF",
        "not a valid DOCX file",
        "unsafe archive",
        "not an annual report",
        "no such file or folder",
        "parser error",
        "reparse failed",
        "symbolic link",
        "OCR engine unavailable",
        "HTML page has",
    ):
        assert any(t.startswith(sample) for t in texts), sample


@pytest.mark.parametrize(("where", "reason"), REASONS, ids=[w for w, _ in REASONS])
def test_every_rejection_has_a_chinese_reason(where, reason):
    text = quality.reason_zh(reason)
    assert text != UNKNOWN_REASON_ZH, f"{where}: no Chinese line for {reason!r}"
    assert CJK.search(text), text
    assert not ascii_words(text), (reason, text)


@pytest.mark.parametrize(
    ("reason", "expected"),
    [
        ("binary data, not a text report (NUL bytes)", "二进制数据，不是文本格式的报告"),
        (
            "damaged or truncated PDF: no end-of-file marker (the download was cut off?)",
            "PDF 文件损坏或不完整",
        ),
        ("encrypted PDF (password protected): cannot read its text", "PDF 设有密码，无法读取文字"),
        (
            "not a valid DOCX file: it is an old binary .doc (save it as .docx)",
            "旧版 .doc 文件，请另存为 .docx 后上传",
        ),
        ("not a valid DOCX file: word/document.xml is missing", "不是有效的 DOCX 文件"),
        (
            "unsupported file type '.xls' (archive member, not read)",
            "不支持的文件类型（压缩包内的文件，未读取）",
        ),
        (
            "member 'a.zip/b.txt' compression ratio 900:1 is over the limit 100:1 (zip bomb)",
            "压缩包内文件压缩比异常（疑似压缩炸弹）",
        ),
        ("PDF took longer than 60 s to read: given up", "读取超时，已放弃"),
        ("reparse failed, kept old figures: empty file", "重新解析失败，保留原有数字：空文件"),
        (
            "reparse could not place it, kept old figures: 单位：请确认归属单位和年度",
            "重新解析时无法确定报告所属单位或年度，保留原有数字：单位：请确认归属单位和年度",
        ),
        (
            "duplicate of already-loaded /tmp/up-1/2019_某局.txt (same content)",
            "重复文件：与已收录的“2019_某局.txt”内容相同，未重复收录",
        ),
        ("something new", UNKNOWN_REASON_ZH),
    ],
)
def test_reason_texts(reason, expected):
    text = quality.reason_zh(reason)
    assert text == expected
    assert not ascii_words(text)


def test_a_reason_never_carries_the_ingest_wording():
    for _, reason in REASONS:
        text = quality.reason_zh(reason)
        assert "（" + reason not in text and reason not in text

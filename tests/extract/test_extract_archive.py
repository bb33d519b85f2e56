"""Zip archives: members yielded from memory, unsafe archives rejected as a whole."""

from __future__ import annotations

import zipfile

import pytest
from extract_makers import make_docx, make_zip

from pipelines.errors import RejectedInput
from pipelines.extract import ArchiveLimits, extract_document, iter_archive
from pipelines.extract.archive import member_name

REPORT = "2021年政府信息公开工作年度报告\n一、总体情况\n".encode()


def test_members_of_nested_folders_and_nested_zip():
    inner = make_zip({"c.txt": REPORT, "sub/d.html": b"<p>x</p>"})
    data = make_zip(
        {
            "folder/": b"",
            "folder/a.txt": REPORT,
            "folder/deeper/b.docx": make_docx(),
            "photo.jpg": b"\xff\xd8\xff\xe0",
            "__MACOSX/folder/._a.txt": b"\x00\x05\x16\x07",
            "inner.zip": inner,
        }
    )
    members = dict(iter_archive(data, "batch.zip"))
    assert list(members) == [
        "batch.zip/folder/a.txt",
        "batch.zip/folder/deeper/b.docx",
        "batch.zip/inner.zip/c.txt",
        "batch.zip/inner.zip/sub/d.html",
    ]
    assert members["batch.zip/folder/a.txt"] == REPORT
    doc = extract_document(members["batch.zip/folder/deeper/b.docx"], "batch.zip/folder/deeper/b.docx")
    assert doc.format == "docx" and doc.source_path == "batch.zip/folder/deeper/b.docx"


@pytest.mark.parametrize(
    ("bad_name", "reason"),
    [
        ("../../etc/evil.txt", "member '../../etc/evil.txt' has a '..' path component"),
        ("reports/../../x.txt", "member 'reports/../../x.txt' has a '..' path component"),
        ("..\\windows\\x.txt", "member '..\\windows\\x.txt' has a '..' path component"),
        ("/etc/passwd.txt", "member '/etc/passwd.txt' has an absolute path"),
        ("C:/Windows/x.txt", "member 'C:/Windows/x.txt' has an absolute path"),
    ],
)
def test_unsafe_member_name_rejects_the_whole_archive(bad_name, reason):
    data = make_zip({"good.txt": REPORT, bad_name: REPORT, "also-good.txt": REPORT})
    members = iter_archive(data, "evil.zip")
    with pytest.raises(RejectedInput) as err:
        next(members)  # nothing is yielded, not even the good member listed first
    assert err.value.reason == f"unsafe archive evil.zip: {reason}"


def test_zip_bomb_ratio_is_rejected():
    data = make_zip({"report.txt": REPORT, "bomb.txt": b"0" * (5 * 1024 * 1024)})
    with pytest.raises(RejectedInput, match=r"member 'bomb.zip/bomb.txt' compression ratio \d+:1 .*zip bomb"):
        list(iter_archive(data, "bomb.zip"))


def test_total_unpacked_size_over_limit_is_rejected():
    data = make_zip({f"r{i}.txt": REPORT * 100 for i in range(5)}, compression=zipfile.ZIP_STORED)
    limits = ArchiveLimits(max_total_bytes=3 * len(REPORT) * 100)
    with pytest.raises(RejectedInput, match="archive unpacks to more than"):
        list(iter_archive(data, "big.zip", limits))
    assert len(list(iter_archive(data, "big.zip"))) == 5  # within the default limits


def test_member_over_member_limit_is_rejected():
    data = make_zip({"r.txt": REPORT * 100})
    with pytest.raises(RejectedInput, match="member 'm.zip/r.txt' unpacks to .* over the .* limit"):
        list(iter_archive(data, "m.zip", ArchiveLimits(max_member_bytes=1000)))


def test_too_many_members_is_rejected():
    data = make_zip({f"r{i}.txt": REPORT for i in range(12)})
    with pytest.raises(RejectedInput, match="more than 10 members"):
        list(iter_archive(data, "many.zip", ArchiveLimits(max_members=10)))


def test_archive_nested_three_deep_is_rejected():
    level3 = make_zip({"a.txt": REPORT})
    level2 = make_zip({"l3.zip": level3})
    data = make_zip({"l2.zip": level2})
    with pytest.raises(RejectedInput, match="nested deeper than 2 levels: deep.zip/l2.zip/l3.zip"):
        list(iter_archive(data, "deep.zip"))


def test_unsafe_name_inside_nested_zip_is_rejected():
    data = make_zip({"ok.txt": REPORT, "inner.zip": make_zip({"../x.txt": REPORT})})
    with pytest.raises(RejectedInput, match="unsafe archive a.zip/inner.zip: member '../x.txt'"):
        list(iter_archive(data, "a.zip"))


@pytest.mark.parametrize(
    "data", [b"", b"PK\x03\x04 truncated", "不是压缩包".encode()], ids=["empty", "truncated", "text"]
)
def test_not_a_zip_is_rejected(data):
    with pytest.raises(RejectedInput, match="^not a valid zip archive: x.zip"):
        list(iter_archive(data, "x.zip"))


def test_damaged_member_data_is_rejected():
    data = bytearray(make_zip({"a.txt": REPORT * 50}))
    start = data.index(b"a.txt") + len("a.txt")  # first bytes of the compressed data
    data[start + 5 : start + 40] = b"\xff" * 35
    with pytest.raises(RejectedInput, match="damaged zip member 'x.zip/a.txt'"):
        list(iter_archive(bytes(data), "x.zip"))


def test_gbk_member_names_without_utf8_flag_are_read_as_chinese():
    info = zipfile.ZipInfo("报告/年度报告.txt".encode("gbk").decode("cp437"))
    assert member_name(info) == "报告/年度报告.txt"

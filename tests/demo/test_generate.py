"""The generated corpus: deterministic, every format and family, arithmetic that holds
except where a flaw says otherwise, the flaws present, files that are what they claim."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import re
import zipfile
from collections import defaultdict
from pathlib import Path

import pytest

from pipelines import catalog
from pipelines.demo.arith import broken_rules
from pipelines.demo.figures import ORG_COLUMNS
from pipelines.demo.generate import generate_corpus, main, read_truth

ROOT = Path(__file__).resolve().parents[2]


def _digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.mark.slow  # a whole ingest or CLI run: full suite only (keeps the fast lane under a minute)
def test_same_seed_gives_same_bytes_and_truth(tmp_path):
    kwargs = dict(
        units=14, years=range(2016, 2024), seed=3, format_weights={"txt": 1, "html": 1, "pdf": 1, "docx": 1}
    )
    generate_corpus(tmp_path / "a", **kwargs)
    generate_corpus(tmp_path / "b", **kwargs)
    a, b = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert a == b
    assert any(name.endswith(".pdf") for name in a) and any(name.endswith(".docx") for name in a)
    generate_corpus(tmp_path / "c", **{**kwargs, "seed": 4})
    assert _digest(tmp_path / "c")["truth.jsonl"] != a["truth.jsonl"]


def test_every_format_and_family_present(mixed_corpus):
    _, truth = mixed_corpus
    present = {(r["format"], r["family"]) for r in truth if r["is_report"]}
    for fmt in ("txt", "html", "pdf", "docx"):
        for family in ("legacy", "std2019", "std2021"):
            assert (fmt, family) in present, (fmt, family)
    assert any(r["family"] == "narrative" for r in truth)
    assert {r.get("txt_style") for r in truth if r["format"] == "txt" and r["is_report"]} == {
        "rows",
        "cells",
        "paras",
    }
    assert {r["encoding"] for r in truth if r["format"] == "html" and r["is_report"]} >= {"utf-8", "gbk"}


def test_default_corpus_shape(default_corpus):
    _, truth = default_corpus
    reports = [r for r in truth if r["is_report"]]
    assert len({r["unit_key"] for r in reports}) == 150
    assert {r["year"] for r in reports} == set(range(2012, 2026))
    assert {r["kind"] for r in reports} == {"government", "department", "other"}
    assert {r["county"] for r in reports} >= {None, "宿城区", "宿豫区", "沭阳县", "泗阳县", "泗洪县"}
    by_format = defaultdict(int)
    for r in reports:
        by_format[r["format"]] += 1
    # PDFs few (~3 %) and DOCX ~10 %: the demo database must build in under a minute.
    assert 0.01 < by_format["pdf"] / len(reports) < 0.06
    assert 0.06 < by_format["docx"] / len(reports) < 0.15


def test_family_follows_the_year_except_declared_mismatches(default_corpus):
    _, truth = default_corpus
    for r in (r for r in truth if r["is_report"]):
        expected = "legacy" if r["year"] <= 2018 else "std2019" if r["year"] <= 2020 else "std2021"
        mismatch = any(f["type"] == "family_mismatch" for f in r["flaws"])
        if r["family"] == "narrative":
            assert expected == "legacy"
        elif mismatch:
            assert r["family"] == "std2019" and r["year"] in (2021, 2022)
        else:
            assert r["family"] == expected, r["file"]


def test_truth_keys_are_contract_keys_and_std_tables_are_complete(default_corpus):
    _, truth = default_corpus
    known = set(catalog.metrics())
    for r in (r for r in truth if r["is_report"]):
        assert set(r["values"]) <= known, r["file"]
        table_keys = {k for k in r["values"] if not k.startswith("narrative.")}
        if r["family"] in ("std2019", "std2021"):
            expected = {k for k in catalog.keys_for_family(r["family"]) if not k.startswith("narrative.")}
            assert table_keys == expected, r["file"]
        elif r["family"] == "legacy":
            assert table_keys <= set(catalog.keys_for_family("legacy"))
        else:
            assert not table_keys


def test_arithmetic_holds_except_declared_rule_flaws(default_corpus):
    _, truth = default_corpus
    broken_somewhere = set()
    for r in (r for r in truth if r["is_report"]):
        declared = {f["rule"] for f in r["flaws"] if f["type"] == "rule"}
        assert len(declared) <= 1
        assert broken_rules(r["values"], r["family"]) == declared, r["file"]
        broken_somewhere |= declared
    assert len(broken_somewhere) >= 5  # several different rules are exercised


def test_carry_over_and_in_force_continuity(default_corpus):
    _, truth = default_corpus
    by_unit_year = {(r["unit_key"], r["year"]): r for r in truth if r["is_report"]}
    carried = in_force = 0
    for (unit, year), r in by_unit_year.items():
        prev = by_unit_year.get((unit, year - 1))
        if (
            not prev
            or prev["family"] not in ("std2019", "std2021")
            or r["family"] not in ("std2019", "std2021")
        ):
            continue
        for col in [*ORG_COLUMNS, "total"]:
            assert prev["values"][f"apply.carried_out.{col}"] == r["values"][f"apply.carried_in.{col}"], r[
                "file"
            ]
        carried += 1
        if prev["family"] == r["family"] == "std2021":
            for kind in ("rules", "normative"):
                v, p = r["values"], prev["values"]
                assert (
                    p[f"{kind}.in_force"] + v[f"{kind}.issued"] - v[f"{kind}.repealed"]
                    == v[f"{kind}.in_force"]
                )
            in_force += 1
    assert carried > 500 and in_force > 300


def test_flaws_present_and_consistent(default_corpus):
    corpus, truth = default_corpus
    types = defaultdict(list)
    for r in truth:
        for f in r["flaws"]:
            types[f["type"]].append((r, f))
    for kind in ("rule", "missing_year", "late_publication", "renamed", "jump", "not_report", "name_variant",
                 "family_mismatch"):  # fmt: skip
        assert types[kind], kind
    for r, _ in types["late_publication"]:
        deadline = dt.date(r["year"] + 1, 1, 31) if r["year"] >= 2019 else dt.date(r["year"] + 1, 3, 31)
        assert dt.date.fromisoformat(r["published_on"]) > deadline
    for r in (r for r in truth if r["is_report"] and r["published_on"]):
        if not any(f["type"] == "late_publication" for f in r["flaws"]):
            assert dt.date.fromisoformat(r["published_on"]).year == r["year"] + 1
    by_unit_year = {(r["unit_key"], r["year"]): r for r in truth if r["is_report"]}
    for r, f in types["jump"]:
        prev = by_unit_year.get((r["unit_key"], r["year"] - 1))
        if prev and f["metric"] in prev["values"]:
            assert r["values"][f["metric"]] == 10 * prev["values"][f["metric"]] >= 200
    for r, flaw in types["missing_year"]:
        gap = int(re.search(r"(\d{4})年", flaw["detail"]).group(1))
        assert (r["unit_key"], gap) not in by_unit_year
    for r, f in types["renamed"]:
        old = f["detail"].removeprefix("原名")
        assert (
            old != r["canonical_name"] == r["unit"].replace("江苏省", "").replace("\u3000", "")
            or r["traditional"]
        )
        earlier = [p for (key, year), p in by_unit_year.items() if key == r["unit_key"] and year < 2019]
        assert earlier and all(
            old in p["unit"].replace("\u3000", "") for p in earlier if not p["traditional"]
        )
    for r, _flaw in types["name_variant"]:
        assert r["unit"].startswith(("江苏省", "江蘇省")) or "\u3000" in r["unit"]
    aliases = (corpus / "unit_aliases.csv").read_text(encoding="utf-8")
    assert "宿迁市环境保护局,宿迁市生态环境局" in aliases


def test_demo_alias_rows_are_in_the_project_alias_file(default_corpus):
    corpus, _ = default_corpus
    project = (ROOT / "data" / "unit_aliases.csv").read_text(encoding="utf-8").splitlines()
    demo_rows = (corpus / "unit_aliases.csv").read_text(encoding="utf-8").splitlines()[1:]
    assert demo_rows and set(demo_rows) <= set(project)


def test_realistic_magnitudes(default_corpus):
    _, truth = default_corpus
    std = [r for r in truth if r["is_report"] and r["family"] in ("std2019", "std2021")]
    city = [r["values"]["apply.new.total"] for r in std if r["unit_key"] == "c00.gov"]
    depts = sorted(r["values"]["apply.new.total"] for r in std if r["kind"] == "department")
    assert min(city) >= 150 and depts[len(depts) // 2] <= 20
    litigated = sum(
        1 for r in std if r["values"]["suit.direct.total"] + r["values"]["suit.after_review.total"] > 0
    )
    assert 0 < litigated < len(std) / 3
    assert any(r["values"]["review.corrected"] > 0 for r in std)

    def mean(key: str, years: range) -> float:
        vals = [
            r["values"][key] for r in truth if r["is_report"] and r["year"] in years and key in r["values"]
        ]
        return sum(vals) / len(vals)

    assert mean("narrative.microblog_posts", range(2023, 2026)) < mean(
        "narrative.microblog_posts", range(2016, 2019)
    )
    assert mean("narrative.wechat_posts", range(2023, 2026)) > mean(
        "narrative.wechat_posts", range(2015, 2018)
    )


def test_files_are_what_their_suffix_says(mixed_corpus):
    import docx
    import pdfplumber

    corpus, truth = mixed_corpus
    reports = [r for r in truth if r["is_report"]]
    pdf = next(r for r in reports if r["format"] == "pdf" and r["family"] == "std2021")
    data = (corpus / pdf["file"]).read_bytes()
    assert data.startswith(b"%PDF")
    with pdfplumber.open(io.BytesIO(data)) as doc:
        assert 2 <= len(doc.pages) <= 4
        first = doc.pages[0].extract_text()
        assert f"{pdf['year']}年1月1日" in first
        tables = [t for page in doc.pages for t in page.extract_tables()]
        assert any(row and row[0] == "规章" for t in tables for row in t)  # grid-lined table
    word = next(r for r in reports if r["format"] == "docx" and r["family"] == "std2021")
    document = docx.Document(str(corpus / word["file"]))
    assert len(document.tables) == 3
    xml = zipfile.ZipFile(corpus / word["file"]).read("word/document.xml").decode()
    assert "w:gridSpan" in xml and 'w:vMerge w:val="restart"' in xml
    gbk = next(
        r for r in reports if r["format"] == "html" and r["encoding"] == "gbk" and r["family"] == "std2021"
    )
    raw = (corpus / gbk["file"]).read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    page = raw.decode("gbk")
    assert re.search(r"charset=(gb2312|gbk)", page) and "rowspan=" in page and "打印本页" in page
    assert gbk["unit"].replace("\u3000", "") in page.replace("\u3000", "")
    trad = [r for r in reports if r["traditional"]]
    assert trad and all("公開" in (corpus / r["file"]).read_bytes().decode("utf-8-sig") for r in trad)
    for r in (r for r in reports if r["encoding"] == "gb18030"):
        assert str(r["year"]) in (corpus / r["file"]).read_bytes().decode("gb18030")
    junk = next(r for r in truth if not r["is_report"] and "二进制" in r["flaws"][0]["detail"])
    assert (
        b"\x00" in (corpus / junk["file"]).read_bytes() or not (corpus / junk["file"]).read_bytes().isascii()
    )


def test_text_dumps_carry_the_figures_as_printed(mixed_corpus):
    """Spot-check the truth against the text: the table-4 numbers in order, the prose figures."""
    corpus, truth = mixed_corpus
    checked = 0
    for r in truth:
        if not (
            r["is_report"] and r["format"] == "txt" and r["txt_style"] == "rows" and r["family"] == "std2021"
        ):
            continue
        text = (corpus / r["file"]).read_bytes().decode(r["encoding"] or "utf-8-sig").replace("\r\n", "\n")
        header = "尚未审结 | 总计 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |\n"
        if header not in text:  # the flip-book variant of table 4
            assert "结 结 其 尚 总 结 结 其 尚 总" in text
            continue
        line = text.split(header, 1)[1].split("\n", 1)[0]
        cells = [c.replace("?", "").strip() for c in line.split("|")[:15]]  # "? 0": encoding debris
        numbers = [
            0
            if c in ("", "—", "/", "-")
            else int(c.translate(str.maketrans("０１２３４５６７８９", "0123456789")).replace(",", ""))
            for c in cells
        ]
        assert numbers == [r["values"][k] for k in catalog.REVIEW_SUIT_COLUMNS]
        if "narrative.microblog_posts" in r["values"]:
            assert f"{r['values']['narrative.microblog_posts']}条" in text
        checked += 1
    assert checked > 10


def test_cli_writes_a_corpus(tmp_path, capsys):
    assert (
        main(["--out", str(tmp_path / "c"), "--units", "5", "--years", "2020-2021", "--formats", "txt,html"])
        == 0
    )
    truth = list(read_truth(tmp_path / "c"))
    assert {r["format"] for r in truth} <= {"txt", "html"} and {
        r["year"] for r in truth if r["is_report"]
    } == {2020, 2021}
    assert main(["--out", str(tmp_path / "d"), "--formats", "txt,doc"]) == 2
    assert "unknown format" in capsys.readouterr().err


def test_bytes_do_not_depend_on_the_process(tmp_path):
    """Hash randomisation, font registration order etc. must not leak into the files."""
    import os
    import subprocess
    import sys

    for seed in ("1", "2"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "pipelines.demo.generate",
                "--out",
                str(tmp_path / seed),
                "--units",
                "10",
                "--years",
                "2018-2022",
                "--seed",
                "5",
            ],  # fmt: skip
            check=True,
            capture_output=True,
            cwd=ROOT,
            env={**os.environ, "PYTHONHASHSEED": seed},
        )
    assert _digest(tmp_path / "1") == _digest(tmp_path / "2")


def test_without_flaws_nothing_is_broken(tmp_path):
    generate_corpus(tmp_path, units=25, years=range(2012, 2026), seed=2, flaws=False)
    truth = list(read_truth(tmp_path))
    assert all(r["is_report"] for r in truth)
    for r in truth:
        assert {f["type"] for f in r["flaws"]} <= {"renamed"}, r["file"]
        assert not broken_rules(r["values"], r["family"])
        if r["published_on"]:
            deadline = dt.date(r["year"] + 1, 1, 31) if r["year"] >= 2019 else dt.date(r["year"] + 1, 3, 31)
            assert dt.date.fromisoformat(r["published_on"]) <= deadline

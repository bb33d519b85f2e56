"""Score the parser on real report texts with hand-checked golds (tests/realworld/batch_*).

For each text, as ingest sees it (``parse_file``): placed, kept unplaced, or rejected; its
unit and year against the gold; every figure against the gold values.

  placement  a report with gold unit and year must be placed with that unit (the gold name
             or one of its printed variants) and year; a report whose text does not name its
             unit or year must be kept unplaced; a page that is no report must be rejected.
             'misplaced' = placed with a wrong unit or year (the error that matters most).
  figures    precision = right / emitted, recall = right / gold, over every text; 'kept'
             counts the figures of placed and unplaced reports (both are stored), 'placed'
             only those already in the charts.

Usage:  .venv/bin/python scripts/real_accuracy.py [tests/realworld/batch_a ...] [--list] [--table]

--table prints the Markdown table of README.md / tests/realworld/first_sight.md: one row per
batch and, for several batches, a row for them together.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipelines.errors import RejectedInput  # noqa: E402
from pipelines.ingest import parse_file  # noqa: E402
from pipelines.normalize.placement import same_unit_name  # noqa: E402
from pipelines.units import raw_key  # noqa: E402


@dataclass
class TextScore:
    name: str
    status: str  # placed | unplaced | rejected
    placement_ok: bool
    misplaced: bool
    right: int
    emitted: int
    gold: int
    wrong: list[str] = field(default_factory=list)  # emitted but not right
    missed: list[str] = field(default_factory=list)  # gold but not right
    got_unit: str | None = None
    got_year: int | None = None
    is_report: bool = True


@dataclass
class BatchScore:
    name: str
    texts: list[TextScore]

    def _sum(self, attr: str, only_placed: bool = False) -> int:
        return sum(getattr(t, attr) for t in self.texts if not only_placed or t.status == "placed")

    @property
    def precision(self) -> float:
        return self._sum("right") / max(1, self._sum("emitted"))

    @property
    def recall(self) -> float:
        return self._sum("right") / max(1, self._sum("gold"))

    @property
    def recall_placed(self) -> float:
        return self._sum("right", True) / max(1, self._sum("gold"))

    @property
    def kept_rate(self) -> float:
        """Share of the report texts that are placed or kept unplaced (not lost)."""
        reports = [t for t in self.texts if t.is_report]
        return sum(t.status != "rejected" for t in reports) / max(1, len(reports))


def _same_unit_key(a: str, b: str) -> bool:
    """The same unit in the database, as ingest keys units: one region (by its division code) and the same
    rest of the name (西安市阎良区机关事务服务中心 · 阎良区机关事务服务中心 → 610114:机关事务服务中心;
    硚口区发改局 · 硚口区发展和改革局)."""
    key = raw_key(a)
    return not key.startswith("000000:") and key == raw_key(b)


def _unit_matches(got: str | None, gold: dict) -> bool:
    names = [gold.get("unit")] + list(gold.get("unit_variants") or [])
    # 哈尔滨市 and 哈尔滨市人民政府 name one body: compared without the government words
    return got is not None and any(same_unit_name(got, n) or _same_unit_key(got, n) for n in names if n)


def placement_outcome(placed: bool, unit: str | None, year: int | None, gold: dict) -> tuple[bool, bool]:
    """(placed right, misplaced) of a parsed text that was not rejected, against its gold."""
    if gold.get("is_report") is False:
        return False, placed
    if gold.get("unit") and gold.get("year"):
        correct = _unit_matches(unit, gold) and year == gold["year"]
        return placed and correct, placed and not correct
    return not placed, placed  # the text does not say whose or which year: must be kept for the officer


def score_text(gold_path: Path) -> TextScore:
    gold = json.loads(gold_path.read_text(encoding="utf-8"))
    src = gold_path.with_name(gold["file"])
    values: dict[str, float] = gold.get("values", {})
    try:
        report = parse_file(src.read_bytes(), src.name)
    except RejectedInput:
        ok = gold.get("is_report") is False
        return TextScore(src.name, "rejected", ok, False, 0, 0, len(values), missed=sorted(values),
                         is_report=not ok)
    got = {f.metric: f.value for f in report.figures}
    right = {k for k, v in got.items() if k in values and abs(v - values[k]) < 1e-6}
    status = "placed" if report.placed else "unplaced"
    placement_ok, misplaced = placement_outcome(report.placed, report.unit_name, report.year, gold)
    return TextScore(
        src.name, status, placement_ok, misplaced, len(right), len(got), len(values),
        wrong=sorted(set(got) - right), missed=sorted(set(values) - right),
        got_unit=report.unit_name, got_year=report.year, is_report=gold.get("is_report") is not False,
    )


def score_batch(folder: Path) -> BatchScore:
    return BatchScore(folder.name, [score_text(g) for g in sorted(folder.glob("*.gold.json"))])


def summary_line(b: BatchScore) -> str:
    n = len(b.texts)
    placed = sum(t.status == "placed" for t in b.texts)
    unplaced = sum(t.status == "unplaced" for t in b.texts)
    rejected = n - placed - unplaced
    ok = sum(t.placement_ok for t in b.texts)
    mis = sum(t.misplaced for t in b.texts)
    return (
        f"{b.name}: {n} texts | placed {placed}, kept unplaced {unplaced}, rejected {rejected} | "
        f"placement right {ok}/{n}, misplaced {mis}, reports kept {b.kept_rate:.1%} | figures: precision {b.precision:.3f}, "
        f"recall {b.recall:.3f} (placed only {b.recall_placed:.3f}) "
        f"[{b._sum('right')}/{b._sum('gold')} right, {b._sum('emitted') - b._sum('right')} wrong]"
    )


TABLE_HEADER = (
    "| batch | placed | kept unplaced | rejected | placement right | misplaced | reports kept "
    "| precision | recall (kept) | recall (placed only) |\n|---|---|---|---|---|---|---|---|---|---|"
)


def table_row(b: BatchScore, label: str | None = None) -> str:
    """One Markdown row of the per-batch table."""
    n = len(b.texts)
    placed = sum(t.status == "placed" for t in b.texts)
    unplaced = sum(t.status == "unplaced" for t in b.texts)
    ok = sum(t.placement_ok for t in b.texts)
    mis = sum(t.misplaced for t in b.texts)
    kept = f"{b.kept_rate * 100:.1f}".rstrip("0").rstrip(".") + " %"
    return (
        f"| {label or b.name} ({n} texts, {b._sum('gold')} gold figures) | {placed} | {unplaced} | "
        f"{n - placed - unplaced} | {ok}/{n} | {mis} | {kept} | {b.precision:.3f} | {b.recall:.3f} | "
        f"{b.recall_placed:.3f} |"
    )


def _short(name: str) -> str:
    return name.removeprefix("batch_")


def _list_lines(batch: BatchScore) -> list[str]:
    return [
        f"   {batch.name}/{t.name} {t.status} ok={t.placement_ok} got=({t.got_unit}, {t.got_year}) "
        f"wrong={t.wrong} missed={t.missed}"
        for t in batch.texts
        if not t.placement_ok or t.wrong or t.missed
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folders", nargs="*", type=Path)
    parser.add_argument("--list", action="store_true", help="one line per text that is not perfect")
    parser.add_argument("--table", action="store_true", help="the per-batch Markdown table instead")
    args = parser.parse_args(argv)
    folders = args.folders or sorted((ROOT / "tests" / "realworld").glob("batch_*"))
    total = BatchScore(" + ".join(_short(f.name) for f in folders), [])
    listed: list[str] = []
    if args.table:
        print(TABLE_HEADER)
    for folder in folders:
        batch = score_batch(folder)
        total.texts.extend(batch.texts)
        print(table_row(batch, _short(batch.name)) if args.table else summary_line(batch))
        if args.list and args.table:
            listed.extend(_list_lines(batch))  # after the table
        elif args.list:
            print("\n".join(_list_lines(batch)))
    if len(folders) > 1:
        print(table_row(total) if args.table else summary_line(total))
    if listed:
        print("\n".join(listed))


if __name__ == "__main__":
    main()

"""The joined `series` view against the catalog's definition, computed independently: per
report and series, the first alternative (catalog priority) whose keys the report all
states, summed; `source_metric` names those keys."""

from __future__ import annotations

from collections import defaultdict

import duckdb
import pytest

from pipelines.catalog import SERIES


def test_series_view_follows_the_catalog_priority(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    stated: dict[str, dict[str, float]] = defaultdict(dict)
    for rid, metric, value in con.execute("SELECT report_id, metric, value FROM report_values").fetchall():
        stated[rid][metric] = value
    expected = {}
    for rid, values in stated.items():
        for s in SERIES:
            for keys in s.alternatives:
                if all(k in values for k in keys):
                    expected[(rid, s.key)] = (sum(values[k] for k in keys), "+".join(keys))
                    break
    got = {
        (rid, series): (value, source)
        for rid, series, value, source in con.execute(
            "SELECT report_id, series, value, source_metric FROM series"
        ).fetchall()
    }
    assert len(got) > 1000
    assert got.keys() == expected.keys()
    for key, (value, source) in expected.items():
        assert got[key][1] == source
        assert got[key][0] == pytest.approx(value)
    # both the legacy key and the std sum appear, so the 2019 break is really joined
    sources = {source for (_, source) in got.values()}
    assert {"requests.received", "apply.new.total", "suit.direct.total+suit.after_review.total"} <= sources

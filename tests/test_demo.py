"""The demo generator: FOCUS-shaped files, determinism, and a ground truth that matches the data.

Everything runs at a small scale (a few tens of thousands of rows) so the module takes seconds. The
checks read the written Parquet files back with DuckDB, the way the importer will, and score simple
billing-only detectors against ``ground_truth.json``: the truth must name every injected finding and
nothing the look-alikes could be mistaken for.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from collections.abc import Iterator
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import duckdb
import pytest

from finops_tui.sync.demo import X_COLUMNS, DemoOutput, generate_demo
from finops_tui.sync.schema import COLUMN_TYPES

END = date(2026, 10, 20)
SCALE = 0.02
SEED = 42


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoOutput:
    """One small demo estate shared by the module's tests."""
    return generate_demo(tmp_path_factory.mktemp("demo"), end=END, scale=SCALE, seed=SEED)


@pytest.fixture(scope="module")
def truth(demo: DemoOutput) -> dict[str, Any]:
    """The parsed ground truth."""
    doc: dict[str, Any] = json.loads(demo.truth_file.read_text(encoding="utf-8"))
    return doc


@pytest.fixture
def con(demo: DemoOutput) -> Iterator[duckdb.DuckDBPyConnection]:
    """A DuckDB connection with view ``f`` over every demo file."""
    connection = duckdb.connect()
    files = ", ".join(f"'{p}'" for p in demo.files)
    connection.execute(f"CREATE VIEW f AS SELECT * FROM read_parquet([{files}])")
    yield connection
    connection.close()


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, object] | None = None) -> Any:
    row = con.execute(sql, params or {}).fetchone()
    assert row is not None
    return row[0]


def _sha(paths: list[Path]) -> list[str]:
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_thirteen_monthly_files_ending_on_end(demo: DemoOutput, con: duckdb.DuckDBPyConnection) -> None:
    names = [p.name for p in demo.files]
    assert len(names) == 13
    assert names[0] == "demo-focus-2025-10.parquet" and names[-1] == "demo-focus-2026-10.parquet"
    assert demo.truth_file.name == "ground_truth.json"
    first, last = con.execute("SELECT min(ChargePeriodStart), max(ChargePeriodStart) FROM f").fetchone() or ()
    assert (first.date(), last.date()) == (date(2025, 10, 1), END)
    for path in demo.files:
        periods = con.execute(
            f"SELECT DISTINCT strftime(BillingPeriodStart, '%Y-%m') FROM read_parquet('{path}')"
        ).fetchall()
        assert periods == [(path.stem.removeprefix("demo-focus-"),)]
    days = _one(con, "SELECT count(*) FROM f WHERE ChargeFrequency = 'Usage-Based' "
                     "AND ChargePeriodEnd <> ChargePeriodStart + INTERVAL 1 DAY")  # fmt: skip
    assert days == 0


def test_columns_carry_the_cache_names_and_types(con: duckdb.DuckDBPyConnection) -> None:
    described = {str(r[0]): str(r[1]).replace(" ", "") for r in con.execute("DESCRIBE f").fetchall()}
    for name, sql_type in COLUMN_TYPES.items():
        if not name.startswith("x_") or name in X_COLUMNS:
            assert described.get(name) == sql_type.replace(" ", ""), name
    assert set(described) <= set(COLUMN_TYPES)


def test_ids_stay_text_with_leading_zeros(con: duckdb.DuckDBPyConnection) -> None:
    accounts = {r[0] for r in con.execute("SELECT DISTINCT BillingAccountId FROM f").fetchall()}
    assert accounts == {"012345678901", "70123456"}
    subs = {
        r[0] for r in con.execute("SELECT DISTINCT SubAccountId FROM f WHERE ProviderName = 'AWS'").fetchall()
    }
    assert {"012345678901", "008765432109"} <= subs and len(subs) == 7
    azure = _one(con, "SELECT count(DISTINCT SubAccountId) FROM f WHERE ProviderName = 'Microsoft'")
    assert azure == 4


def test_same_seed_same_bytes_other_seed_other_data(demo: DemoOutput, tmp_path: Path) -> None:
    again = generate_demo(tmp_path / "again", end=END, scale=SCALE, seed=SEED)
    assert _sha(again.files) == _sha(demo.files)
    assert again.truth_file.read_bytes() == demo.truth_file.read_bytes()
    checksum = "SELECT sum(hash(f) % 1000000007) FROM read_parquet({}) f"
    with duckdb.connect() as con:
        a = _one(con, checksum.format([str(p) for p in demo.files]))
        b = _one(con, checksum.format([str(p) for p in again.files]))
        other = generate_demo(tmp_path / "other", end=END, scale=SCALE, seed=SEED + 1)
        c = _one(con, checksum.format([str(p) for p in other.files]))
    assert a == b != c


def test_totals_equal_the_file_sums(
    demo: DemoOutput, truth: dict[str, Any], con: duckdb.DuckDBPyConnection
) -> None:
    rows, billed, effective = (
        con.execute("SELECT count(*), sum(BilledCost), sum(EffectiveCost) FROM f").fetchone() or ()
    )
    assert truth["totals"] == {"rows": rows, "billed_cost": str(billed), "effective_cost": str(effective)}
    assert demo.rows == rows
    assert (truth["seed"], truth["end"]) == (SEED, END.isoformat())


def test_charge_shapes(con: duckdb.DuckDBPyConnection) -> None:
    kinds = set(con.execute("SELECT DISTINCT ChargeCategory, ChargeFrequency FROM f").fetchall())
    assert kinds == {
        ("Usage", "Usage-Based"),
        ("Purchase", "Recurring"),
        ("Tax", "Recurring"),
        ("Credit", "One-Time"),
    }
    pricing = {
        r[0]
        for r in con.execute(
            "SELECT DISTINCT PricingCategory FROM f WHERE ChargeCategory = 'Usage'"
        ).fetchall()
    }
    assert pricing == {"Standard", "Committed", "Dynamic"}
    assert _one(con, "SELECT count(*) FROM f WHERE ChargeClass IS NOT NULL") == 0
    assert _one(con, "SELECT max(BilledCost) FROM f WHERE ChargeCategory = 'Credit'") < 0
    assert _one(con, "SELECT count(DISTINCT BillingCurrency) FROM f") == 1
    # discounted usage: list above effective (EA price sheet, reservations, savings plan, spot)
    assert _one(con, "SELECT bool_and(ListCost >= EffectiveCost) FROM f WHERE ChargeCategory = 'Usage' "
                     "AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'")  # fmt: skip
    assert _one(con, "SELECT bool_and(ListCost > EffectiveCost) FROM f WHERE PricingCategory = 'Committed' "
                     "AND CommitmentDiscountStatus = 'Used'")  # fmt: skip
    assert _one(con, "SELECT bool_and(ListCost > EffectiveCost) FROM f WHERE ProviderName = 'Microsoft' "
                     "AND ChargeCategory = 'Usage' AND ResourceType = 'Virtual machine'")  # fmt: skip


def test_commitment_fees_equal_used_plus_unused(con: duckdb.DuckDBPyConnection) -> None:
    rows = con.execute(
        "SELECT CommitmentDiscountId, BillingPeriodStart, "
        "sum(BilledCost) FILTER (WHERE ChargeCategory = 'Purchase') AS fee, "
        "sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Usage') AS amortised, "
        "sum(BilledCost) FILTER (WHERE ChargeCategory = 'Usage') AS billed_usage, "
        "sum(EffectiveCost) FILTER (WHERE ChargeCategory = 'Purchase') AS fee_effective, "
        "count(*) FILTER (WHERE CommitmentDiscountStatus = 'Unused') AS unused_rows "
        "FROM f WHERE CommitmentDiscountId IS NOT NULL GROUP BY ALL"
    ).fetchall()
    assert {r[0].split(":")[2] if r[0].startswith("arn") else "azure" for r in rows} == {
        "ec2",
        "savingsplans",
        "azure",
    }
    for _id, _period, fee, amortised, billed_usage, fee_effective, _unused in rows:
        assert fee == amortised and billed_usage == 0 and fee_effective == 0
    assert sum(r[6] for r in rows) > 0


def test_tags_have_gaps_and_variants(truth: dict[str, Any], con: duckdb.DuckDBPyConnection) -> None:
    keys = {r[0] for r in con.execute("SELECT DISTINCT unnest(map_keys(Tags)) FROM f").fetchall()}
    assert {"Team", "team", "TEAM", "env", "Environment"} <= keys
    assert any(k != k.strip() for k in keys)
    envs = {r[0] for r in con.execute("SELECT DISTINCT Tags['env'] FROM f").fetchall()}
    assert {"prod", "production", "Prod"} <= envs
    share = _one(
        con,
        "SELECT sum(EffectiveCost) FILTER (WHERE Tags IS NULL) / sum(EffectiveCost) FROM f "
        "WHERE ChargeCategory = 'Usage' AND ResourceId IS NOT NULL "
        "AND CommitmentDiscountStatus IS DISTINCT FROM 'Unused'",
    )
    assert 0.15 <= float(share) <= 0.35
    assert 0.2 <= float(truth["tagging"]["untagged_share_of_taggable_spend"]) <= 0.3


WASTE_DETECTORS = {
    "gp2": "x_UsageType LIKE '%EBS:VolumeUsage.gp2'",
    "idle-ipv4": "x_UsageType LIKE '%PublicIPv4:IdleAddress'",
    "idle-nat": "ResourceId IN (SELECT ResourceId FROM m WHERE x_UsageType LIKE '%NatGateway-%' GROUP BY 1 "
    "HAVING sum(ConsumedQuantity) FILTER (WHERE x_UsageType LIKE '%NatGateway-Bytes') < 5)",
    "previous-gen": "regexp_matches(x_InstanceType, '^(m4|t2|c4|r4)\\.')",
    "unattached-disk": "ProviderName = 'Microsoft' AND ResourceType = 'Disk' AND x_ResourceGroup NOT IN "
    "(SELECT x_ResourceGroup FROM m WHERE x_ProductFamily = 'Virtual Machines' "
    "AND x_ResourceGroup IS NOT NULL)",
}
"""Billing-only detectors as in FINOPS_REFERENCE.md §3: they must find exactly the truth."""

LOOK_ALIKES = {
    "gp2": "x_UsageType LIKE '%EBS:VolumeUsage.gp3'",
    "idle-ipv4": "x_UsageType LIKE '%PublicIPv4:InUseAddress'",
    "idle-nat": "x_UsageType LIKE '%NatGateway-Bytes' AND ConsumedQuantity > 10",
    "previous-gen": "x_UsageType LIKE '%BoxUsage:%' "
    "AND NOT regexp_matches(x_InstanceType, '^(m4|t2|c4|r4)\\.')",
    "unattached-disk": "ProviderName = 'Microsoft' AND ResourceType = 'Disk'",
}


def test_waste_truth_matches_the_data(
    demo: DemoOutput, truth: dict[str, Any], con: duckdb.DuckDBPyConnection
) -> None:
    month = truth["waste"][0]["month"]
    con.execute(
        f"CREATE VIEW m AS SELECT * FROM read_parquet('{demo.files[0].parent}/demo-focus-{month}.parquet')"
    )
    by_check: dict[str, set[str]] = {}
    for w in truth["waste"]:
        by_check.setdefault(w["check"], set()).add(w["resource_id"])
        cost, hits = (
            con.execute(
                "SELECT sum(EffectiveCost), count(*) FILTER (WHERE x_UsageType = $u) "
                "FROM m WHERE ResourceId = $r",
                {"r": w["resource_id"], "u": w["usage_type"]},
            ).fetchone()
            or ()
        )
        assert hits > 0 and str(cost) == w["monthly_cost"], w
        assert Decimal(0) < Decimal(w["monthly_saving"]) <= Decimal(w["monthly_cost"])
    assert set(by_check) == set(WASTE_DETECTORS)
    for check, where in WASTE_DETECTORS.items():
        found = {r[0] for r in con.execute(f"SELECT DISTINCT ResourceId FROM m WHERE {where}").fetchall()}
        assert found == by_check[check], check
        look_alikes = _one(con, f"SELECT count(DISTINCT ResourceId) FROM m WHERE {LOOK_ALIKES[check]}")
        assert look_alikes > len(by_check[check]), check
    gp2 = next(w for w in truth["waste"] if w["check"] == "gp2")
    assert Decimal(gp2["monthly_saving"]) == (Decimal(gp2["monthly_cost"]) * Decimal("0.2")).quantize(
        Decimal("1e-10")
    )


def _series(con: duckdb.DuckDBPyConnection, a: dict[str, Any]) -> dict[date, Decimal]:
    rows = con.execute(
        "SELECT CAST(ChargePeriodStart AS DATE), sum(EffectiveCost) FROM f WHERE ProviderName = $p "
        "AND SubAccountId = $s AND ServiceName = $n AND ChargeCategory = 'Usage' GROUP BY 1",
        {"p": a["provider"], "s": a["sub_account_id"], "n": a["service_name"]},
    ).fetchall()
    return {r[0]: r[1] for r in rows}


def test_anomaly_truth_is_visible_in_the_data(truth: dict[str, Any], con: duckdb.DuckDBPyConnection) -> None:
    anomalies = truth["anomalies"]
    recent = END - timedelta(days=44)
    for kind in ("spike", "new", "growth", "drop"):
        mine = [a for a in anomalies if a["kind"] == kind]
        assert len(mine) >= 2, kind
        assert any(date.fromisoformat(a["start"]) >= recent for a in mine), kind
    for a in anomalies:
        start, end = date.fromisoformat(a["start"]), date.fromisoformat(a["end"])
        series = _series(con, a)
        window = [series.get(start + timedelta(days=i), Decimal(0)) for i in range((end - start).days + 1)]
        assert Decimal(a["actual_daily"]) * a["days"] == pytest.approx(sum(window), abs=1e-6)
        expected, actual = Decimal(a["expected_daily"]), Decimal(a["actual_daily"])
        assert Decimal(a["impact"]) == pytest.approx((actual - expected) * a["days"], abs=1e-6)
        assert a["resource_ids"] and a["usage_type"]
        if a["kind"] == "spike":
            assert 2.5 <= actual / expected <= 6
        elif a["kind"] == "drop":
            assert actual / expected < 0.1
        elif a["kind"] == "growth":
            assert a["days"] >= 10 and all(x < y for x, y in itertools.pairwise(window))
            assert window[-1] / window[0] > Decimal("1.5")
        else:
            assert expected == 0 and min(series) == start and 10 <= start.day <= 20
        found = con.execute(
            "SELECT DISTINCT ResourceId FROM f WHERE ServiceName = $n AND SubAccountId = $s",
            {"n": a["service_name"], "s": a["sub_account_id"]},
        ).fetchall()
        resources = {r[0] for r in found}
        assert set(a["resource_ids"]) <= resources


def test_only_positive_scales(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="scale"):
        generate_demo(tmp_path, end=END, scale=0)


def test_the_focus_format_reads_the_files(demo: DemoOutput) -> None:
    """The importer's FOCUS mapping recognises a demo file as FOCUS 1.2 and maps every row."""
    from finops_tui.sync.formats import detect
    from finops_tui.sync.reader import open_source

    with duckdb.connect() as con:
        header = open_source(con, demo.files[-1])
        fmt = detect(header)
        assert fmt is not None and fmt.name == "focus"
        rows, billed = (
            con.execute(f"SELECT count(*), sum(BilledCost) FROM ({fmt.select_sql(header)})").fetchone() or ()
        )
        expected = con.execute("SELECT count(*), sum(BilledCost) FROM src").fetchone()
    assert (rows, billed) == expected

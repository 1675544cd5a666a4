"""Known-answer tests of every waste check on the hand-built fixture (tests/waste_fixture.py)."""

from __future__ import annotations

import dataclasses
import subprocess
import sys
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest

from finops_tui import waste
from finops_tui.cache import CacheReader
from finops_tui.settings import Settings, Thresholds
from finops_tui.waste.base import load_check_sql
from finops_tui.waste.models import Finding, Tracking
from tests.waste_fixture import AS_OF, IDS, SUB, build_waste_cache

EXPECTED: dict[tuple[str, str], tuple[str, str]] = {
    ("gp2-to-gp3", IDS["gp2"]): ("150", "30"),
    ("io1-to-io2", IDS["io1"]): ("2460", "239.99976"),
    ("previous-generation", IDS["m4"]): ("144", "5.76"),
    ("graviton", IDS["m6i"]): ("69.12", "10.368"),
    ("idle-public-ipv4", IDS["ip_idle"]): ("3.6", "3.6"),
    ("idle-nat-gateway", IDS["nat_idle"]): ("32.4135", "32.4135"),
    ("idle-load-balancer", IDS["lb_idle"]): ("16.32", "16.32"),
    ("unused-commitment", IDS["ri"]): ("300", "300"),
    ("unused-commitment", IDS["reservation"]): ("150", "150"),
    ("commitment-candidate", "commitment:AWS:999999999999"): ("213.12", "59.6736"),
    ("commitment-candidate", "commitment:Microsoft:8611537"): ("360", "100.8"),
    ("snapshot-growth", IDS["snap_old"]): ("33", "33"),
    ("azure-disk-without-vm", IDS["disk_orphan"]): ("19.5", "19.5"),
    ("azure-hybrid-benefit", IDS["vm_win"]): ("270", "121.5"),
    ("azure-premium-snapshot", IDS["snap_premium"]): ("7.2", "4.2"),
}
"""(check, resource) → (30-day effective cost, monthly saving), worked out by hand from the fixture."""


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_waste_cache(tmp_path_factory.mktemp("waste") / "cache.duckdb")


def _find(cache: Path, settings: Settings | None = None) -> tuple[list[Finding], list[waste.CheckTotal]]:
    with CacheReader(cache).reader() as cur:
        return waste.find(cur, as_of=AS_OF, settings=settings or Settings())


def _settings(**thresholds: float) -> Settings:
    return Settings(thresholds=Thresholds(**thresholds))


def test_every_pattern_found_with_exact_cost_and_saving_and_no_look_alike(cache: Path) -> None:
    findings, _ = _find(cache)
    got = {
        (f.check, f.resource_id): (f.monthly_cost, f.monthly_saving.quantize(Decimal("1E-10")))
        for f in findings
    }
    want = {k: (Decimal(c), Decimal(s)) for k, (c, s) in EXPECTED.items()}
    assert got == want


def test_findings_are_sorted_by_saving(cache: Path) -> None:
    findings, _ = _find(cache)
    assert [f.monthly_saving for f in findings] == sorted((f.monthly_saving for f in findings), reverse=True)
    assert findings[0].check == "unused-commitment" and findings[0].annual_saving == Decimal(3600)


@pytest.mark.parametrize(
    ("check", "resource", "command"),
    [
        (
            "gp2-to-gp3",
            "gp2",
            "aws ec2 modify-volume --region us-east-1 --volume-id vol-0aaa --volume-type gp3",
        ),
        (
            "idle-public-ipv4",
            "ip_idle",
            "aws ec2 release-address --region us-east-1 --allocation-id eipalloc-0aaa",
        ),
        (
            "idle-nat-gateway",
            "nat_idle",
            "aws ec2 delete-nat-gateway --region us-east-1 --nat-gateway-id nat-0aaa",
        ),
        ("azure-disk-without-vm", "disk_orphan", f"az disk delete --ids {IDS['disk_orphan']}"),
        (
            "azure-hybrid-benefit",
            "vm_win",
            f"az vm update --ids {IDS['vm_win']} --license-type Windows_Server",
        ),
        (
            "unused-commitment",
            "reservation",
            "az reservations reservation update --reservation-order-id ord-1 --reservation-id res-1 "
            "--applied-scope-type Shared",
        ),
    ],
)
def test_commands(cache: Path, check: str, resource: str, command: str) -> None:
    findings, _ = _find(cache)
    (f,) = [f for f in findings if f.check == check and f.resource_id == IDS[resource]]
    assert f.command == command


def test_formula_and_evidence_show_the_figures(cache: Path) -> None:
    findings, _ = _find(cache)
    (gp2,) = [f for f in findings if f.check == "gp2-to-gp3"]
    assert gp2.formula.startswith("150.00 (30-day effective cost) x 20 %")
    assert "1,500.0 GB-months" in gp2.evidence
    (old,) = [f for f in findings if f.check == "previous-generation"]
    assert "m5.xlarge" in old.formula and "0.9600" in old.formula and "720 hours" in old.evidence
    (nat,) = [f for f in findings if f.check == "idle-nat-gateway"]
    assert "0.300 GB processed" in nat.evidence


def test_owner_from_tag_then_team_mapping(cache: Path) -> None:
    findings, _ = _find(cache, dataclasses.replace(Settings(), teams={SUB: "platform"}))
    owners = {f.resource_id: f.owner for f in findings}
    assert owners[IDS["gp2"]] == "web"  # team tag
    assert owners[IDS["vm_win"]] == "ops"  # owner tag
    assert owners[IDS["disk_orphan"]] == "platform"  # account mapping
    assert owners[IDS["m6i"]] == "(unowned)"


def test_thresholds_change_what_is_found(cache: Path) -> None:
    busy = _find(cache, _settings(waste_nat_idle_gb_per_day=1000.0, waste_lb_idle_lcu_per_day=100.0))[0]
    assert {f.resource_id for f in busy if f.check in ("idle-nat-gateway", "idle-load-balancer")} == {
        IDS["nat_idle"], IDS["nat_busy"], IDS["lb_idle"], IDS["lb_busy"],
    }  # fmt: skip
    big = _find(cache, _settings(waste_min_monthly_saving=100.0))[0]
    assert {f.monthly_saving.quantize(Decimal("0.01")) for f in big} == {
        Decimal("300.00"), Decimal("240.00"), Decimal("150.00"), Decimal("121.50"), Decimal("100.80"),
    }  # fmt: skip
    cheaper = _find(cache, _settings(waste_commitment_discount_pct=10.0, waste_hybrid_benefit_pct=40.0))[0]
    savings = {f.resource_id: f.monthly_saving for f in cheaper}
    assert savings["commitment:AWS:999999999999"] == Decimal("21.312")
    assert savings[IDS["vm_win"]] == Decimal("108")
    young = _find(cache, _settings(waste_snapshot_age_days=30.0))[0]
    assert {f.resource_id for f in young if f.check == "snapshot-growth"} == {
        IDS["snap_old"],
        IDS["snap_young"],
    }


def test_totals_per_check_and_inventory_checks(cache: Path) -> None:
    _, totals = _find(cache)
    by_id = {t.check: t for t in totals}
    assert by_id["unused-commitment"].count == 2
    assert by_id["unused-commitment"].monthly_saving == Decimal(450)
    assert by_id["unused-commitment"].annual_saving == Decimal(5400)
    inventory = [t.check for t in totals if t.state == "needs inventory"]
    assert inventory == [
        "unattached-ebs", "unassociated-eip", "orphan-snapshot", "stopped-instance-volumes",
        "azure-unattached-disk", "azure-unused-public-ip",
    ]  # fmt: skip
    assert len({t.check for t in totals}) == len(totals)


def test_every_billing_check_has_its_sql_with_a_header() -> None:
    for check in waste.all_checks():
        if check.needs_inventory:
            continue
        assert check.sql_name is not None
        sql = load_check_sql(check.sql_name)
        assert sql.startswith("-- ") and "-- Columns: resource_id" in sql, check.id


def test_empty_window_finds_nothing(cache: Path) -> None:
    with CacheReader(cache).reader() as cur:
        findings, totals = waste.find(cur, as_of=AS_OF.replace(year=2020), settings=Settings())
    assert findings == []
    assert all(t.count == 0 for t in totals)


def test_the_waste_core_does_not_import_textual() -> None:
    code = (
        "import sys, finops_tui.waste, finops_tui.waste.tracking, finops_tui.reports.waste\n"
        "finops_tui.waste.all_checks()\n"
        "print(sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_findings_stored_at_import_are_the_findings_of_running_the_checks(cache: Path) -> None:
    from finops_tui.waste.stored import load_findings

    tracking = {f"gp2-to-gp3|{IDS['gp2']}": Tracking(status="accepted", owner="ana")}
    with CacheReader(cache).reader() as cur:
        assert load_findings(cur, as_of=AS_OF, settings=Settings(), tracking={}) is not None
        for settings in (Settings(), Settings(teams={SUB: "payments"})):
            stored = waste.find(cur, as_of=AS_OF, settings=settings, tracking=tracking)
            live = waste.find(cur, as_of=AS_OF, settings=settings, tracking=tracking, use_stored=False)
            assert stored == live
        assert "payments" in {f.owner for f in stored[0]}  # the account mapping applies to stored findings
        assert stored[0][[f.key for f in stored[0]].index(f"gp2-to-gp3|{IDS['gp2']}")].tracking.owner == "ana"
        other = _settings(waste_nat_idle_gb_per_day=0.0)  # other thresholds: nothing stored applies
        assert load_findings(cur, as_of=AS_OF, settings=other, tracking={}) is None
        assert load_findings(cur, as_of=AS_OF - timedelta(days=1), settings=Settings(), tracking={}) is None
    found, _ = _find(cache, other)
    assert ("idle-nat-gateway", IDS["nat_idle"]) not in {(f.check, f.resource_id) for f in found}


def test_a_cache_says_whether_these_checks_stored_its_findings(
    cache: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark rebuilds a demo whose findings older checks stored (the screen would run live)."""
    import duckdb

    from finops_tui.waste import stored

    with CacheReader(cache).reader() as cur:
        assert stored.stored_by_these_checks(cur, Settings())
        assert not stored.stored_by_these_checks(cur, _settings(waste_nat_idle_gb_per_day=0.0))
        monkeypatch.setattr(stored, "CHECKS_REVISION", stored.CHECKS_REVISION + 1)
        assert not stored.stored_by_these_checks(cur, Settings())
    with duckdb.connect(str(tmp_path / "bare.duckdb")) as bare:
        assert not stored.stored_by_these_checks(bare, Settings())  # no findings table at all

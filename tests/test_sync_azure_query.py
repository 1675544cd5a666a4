"""``sync azure --query``: the real CostManagementClient against a local fake ARM server."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.cli import main
from tests.azure_local import FakeArm, query_row, start_fake_arm

NOW = datetime(2025, 3, 10, 12, 0)
S1 = "11111111-1111-1111-1111-111111111111"
S2 = "22222222-2222-2222-2222-222222222222"
VM = f"/subscriptions/{S1}/resourceGroups/rg-web/providers/Microsoft.Compute/virtualMachines/vm-web-1"
DISK = f"/subscriptions/{S1}/resourceGroups/rg-data/providers/Microsoft.Compute/disks/disk-1"
ACTUAL = [
    query_row("12.5", 20250201, VM, "Virtual Machines"),
    query_row("3.25", 20250201, DISK, "Storage"),
    query_row("11.0", 20250202, VM, "Virtual Machines"),
    query_row("100.0", 20250215, "", "Virtual Machines"),  # reservation purchase: no resource
    query_row("0.0", 20250301, VM, "Virtual Machines"),  # covered by the reservation
    query_row("3.25", 20250301, DISK, "Storage"),
    query_row("0.123456789", 20250305, DISK, "Storage"),
    query_row("9.99", 20250105, VM, "Virtual Machines"),  # outside the two months asked for
]
AMORTIZED = [
    query_row("12.5", 20250201, VM, "Virtual Machines"),
    query_row("3.25", 20250201, DISK, "Storage"),
    query_row("11.0", 20250202, VM, "Virtual Machines"),
    query_row("8.33", 20250228, VM, "Virtual Machines"),
    query_row("3.29", 20250301, VM, "Virtual Machines"),
    query_row("3.25", 20250301, DISK, "Storage"),
    query_row("0.123456789", 20250305, DISK, "Storage"),
]
ACTUAL_TOTAL = Decimal("130.123456789")
AMORTIZED_TOTAL = Decimal("41.743456789")


@pytest.fixture(scope="module")
def arm_url() -> Iterator[str]:
    server, url = start_fake_arm()
    yield url
    server.shutdown()


@pytest.fixture
def arm(arm_url: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """Fresh fake data; the CLI authenticates with a pre-acquired token."""
    FakeArm.data = {
        (f"subscriptions/{S1}", "ActualCost"): ACTUAL,
        (f"subscriptions/{S1}", "AmortizedCost"): AMORTIZED,
    }
    FakeArm.tags = {"team": {VM: "web", DISK: "data"}}
    FakeArm.errors = {}
    FakeArm.extras = {}
    FakeArm.throttle_next = 0
    FakeArm.log = []
    monkeypatch.setenv("FINOPS_TUI_AZURE_TOKEN", "local-test-token")
    monkeypatch.setattr("finops_tui.cli._now", lambda: NOW)
    return arm_url


def sync(db: Path, arm: str, *scopes: str) -> int:
    """``finops-tui sync azure --query`` over two months, tag key ``team``, on 2025-03-10."""
    args = ["sync", "azure", "--db", str(db), "--arm-endpoint", arm, "--months", "2", "-q", "--query"]
    for scope in scopes:
        args += [scope] if scope.startswith("--") else ["--scope", scope]
    return main([*args, "--tag-key", "team"])


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql).fetchall()
    finally:
        con.close()


def test_query_api_fills_the_cache_to_the_cent_with_paging_and_a_429(db: Path, arm: str) -> None:
    FakeArm.throttle_next = 1
    started = time.monotonic()
    assert sync(db, arm, f"/subscriptions/{S1}") == 0
    assert time.monotonic() - started >= 1.0  # waited for Retry-After
    statuses = [status for _, status, _ in FakeArm.log]
    assert statuses[0] == 429 and statuses.count(429) == 1
    assert any("$skiptoken=1" in path for path, _, _ in FakeArm.log)  # Feb actual has 4 rows: 2 pages
    assert all(len(body["dataset"]["grouping"]) <= 2 for _, _, body in FakeArm.log)
    assert rows(db, "SELECT sum(BilledCost), sum(EffectiveCost), count(*) FROM cost_and_usage") == [
        (ACTUAL_TOTAL, AMORTIZED_TOTAL, 14)
    ]
    assert rows(
        db,
        "SELECT DISTINCT x_Grain, x_Source, ProviderName, BillingAccountId, SubAccountId FROM cost_and_usage",
    ) == [("daily-aggregate", "azure-query", "Microsoft", f"subscriptions/{S1}", S1)]
    by_month = rows(
        db,
        "SELECT strftime(billing_period_start, '%Y-%m'), cost_basis, billed_cost, effective_cost "
        "FROM imports ORDER BY 1, 2",
    )
    zero = Decimal(0)
    assert by_month == [
        ("2025-02", "actual", Decimal("126.75"), zero),
        ("2025-02", "amortized", zero, Decimal("35.08")),
        ("2025-03", "actual", Decimal("3.373456789"), zero),
        ("2025-03", "amortized", zero, Decimal("6.663456789")),
    ]
    vm = rows(
        db,
        "SELECT DISTINCT x_ResourceGroup, ResourceName, ServiceName, x_ProductFamily, Tags['team'] "
        f"FROM cost_and_usage WHERE ResourceId = '{VM}'",
    )
    assert vm == [("rg-web", "vm-web-1", "Virtual Machines", "Virtual Machines", "web")]
    day = rows(db, "SELECT min(ChargePeriodStart), max(ChargePeriodEnd) FROM cost_and_usage")
    assert day == [(datetime(2025, 2, 1), datetime(2025, 3, 6))]


def test_second_run_with_the_same_answers_leaves_the_cache_untouched(db: Path, arm: str) -> None:
    assert sync(db, arm, f"subscriptions/{S1}") == 0
    stamp = db.stat().st_mtime_ns
    assert sync(db, arm, f"subscriptions/{S1}") == 0
    assert db.stat().st_mtime_ns == stamp
    assert rows(db, "SELECT count(*) FROM sync_runs") == [(1,)]


def test_a_restated_day_replaces_its_month_only(db: Path, arm: str) -> None:
    assert sync(db, arm, f"subscriptions/{S1}") == 0
    FakeArm.data[(f"subscriptions/{S1}", "ActualCost")] = [
        *ACTUAL[:6],
        query_row("1.5", 20250305, DISK, "Storage"),
    ]
    assert sync(db, arm, f"subscriptions/{S1}") == 0
    assert rows(db, "SELECT sum(BilledCost), sum(EffectiveCost) FROM cost_and_usage") == [
        (Decimal("131.50"), AMORTIZED_TOTAL)
    ]


def test_one_failing_subscription_warns_and_the_rest_lands(
    db: Path, arm: str, capsys: pytest.CaptureFixture[str]
) -> None:
    FakeArm.errors = {
        f"subscriptions/{S2}": (403, "AuthorizationFailed", "The client does not have authorization")
    }
    assert sync(db, arm, f"subscriptions/{S2}", f"subscriptions/{S1}") == 0
    err = capsys.readouterr().err
    assert f"subscriptions/{S2}: access denied (AuthorizationFailed); needs the Cost Management Reader" in err
    assert "query API: 1/2 scopes" in err
    assert rows(db, "SELECT sum(BilledCost) FROM cost_and_usage") == [(ACTUAL_TOTAL,)]
    assert rows(db, "SELECT status FROM sync_runs") == [("partial",)]


def test_unsupported_offer_type_is_one_line_and_writes_nothing(
    db: Path, arm: str, capsys: pytest.CaptureFixture[str]
) -> None:
    FakeArm.errors = {
        f"subscriptions/{S2}": (
            422,
            "422",
            "Cost Management supports only Enterprise Agreement, Web direct and Microsoft Customer "
            f"Agreement offer types. Subscription {S2} is not associated with a valid offer type.",
        )
    }
    assert sync(db, arm, f"subscriptions/{S2}") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1
    assert "does not support this scope's offer type" in err[-1] and "Traceback" not in err[-1]
    assert not db.exists()


def test_wrong_scope_is_refused_before_any_request(
    db: Path, arm: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert sync(db, arm, "subscriptions/not-a-guid") == 1
    assert "not a Cost Management scope" in capsys.readouterr().err
    assert FakeArm.log == []


BUDGET = {
    "id": f"subscriptions/{S1}/providers/Microsoft.CostManagement/budgets/monthly-web",
    "name": "monthly-web",
    "type": "Microsoft.CostManagement/budgets",
    "eTag": '"1d34d016a593709"',
    "properties": {
        "category": "Cost",
        "amount": 150.0,
        "timeGrain": "Monthly",
        "timePeriod": {"startDate": "2025-01-01T00:00:00Z", "endDate": "2025-12-31T00:00:00Z"},
        "currentSpend": {"amount": 3.37, "unit": "USD"},
        "forecastSpend": {"amount": 96.25, "unit": "USD"},
        "notifications": {},
    },
}
ALERT = {
    "id": f"subscriptions/{S1}/providers/Microsoft.CostManagement/alerts/a1",
    "name": "a1",
    "type": "Microsoft.CostManagement/alerts",
    "properties": {
        "definition": {"type": "Budget", "category": "Cost", "criteria": "CostThresholdExceeded"},
        "description": "",
        "source": "Preset",
        "details": {"timeGrainType": "Monthly", "periodStartDate": "2025-03-01T00:00:00Z", "threshold": 0.8,
                    "operator": "GreaterThan", "amount": 150.0, "unit": "USD", "currentSpend": 121.5},
        "costEntityId": "monthly-web",
        "status": "Active",
        "creationTime": "2025-03-08T11:07:52.7143901Z",
        "closeTime": "0001-01-01T00:00:00",
    },
}  # fmt: skip


def test_extras_land_beside_the_costs_and_a_denied_kind_only_warns(
    db: Path, arm: str, capsys: pytest.CaptureFixture[str]
) -> None:
    scope = f"subscriptions/{S1}"
    FakeArm.extras = {
        (scope, "budgets"): [BUDGET],
        (scope, "alerts"): [ALERT],
        (scope, "forecast"): [[4.5, 20250310, "Forecast", "USD"], [4.75, 20250311, "Forecast", "USD"]],
    }
    assert sync(db, arm, scope, "--extras") == 0
    assert rows(
        db, "SELECT budget_name, amount, current_spend, forecast_spend, time_grain FROM azure_budgets"
    ) == [("monthly-web", Decimal("150"), Decimal("3.37"), Decimal("96.25"), "Monthly")]
    assert rows(db, "SELECT alert_type, status, threshold, current_spend, created_at FROM azure_alerts") == [
        ("Budget", "Active", 0.8, Decimal("121.5"), datetime(2025, 3, 8, 11, 7, 52))
    ]
    assert rows(db, "SELECT sum(cost), count(*) FROM azure_cost_forecast") == [(Decimal("9.25"), 2)]
    forecast_body = next(b for p, _, b in FakeArm.log if "/forecast" in p)
    assert forecast_body["timePeriod"] == {"from": "2025-03-10T00:00:00Z", "to": "2025-03-31T23:59:59Z"}

    FakeArm.errors = {(scope, "alerts"): (403, "RBACAccessDenied", "no access to alerts")}
    FakeArm.extras[(scope, "budgets")] = []
    assert sync(db, arm, scope, "--extras") == 0
    assert f"{scope} alerts: access denied (RBACAccessDenied)" in capsys.readouterr().err
    assert rows(db, "SELECT count(*) FROM azure_budgets") == [(0,)]
    assert rows(db, "SELECT count(*) FROM azure_alerts") == [(1,)]  # kept from the run that could read them
    assert rows(db, "SELECT sum(BilledCost) FROM cost_and_usage") == [(ACTUAL_TOTAL,)]


def test_the_azure_config_section_drives_the_sync(db: Path, arm: str, tmp_path: Path) -> None:
    config = tmp_path / "finops-tui.toml"
    config.write_text(
        f'[azure]\nscopes = ["subscriptions/{S1}"]\nquery = true\nmonths = 2\ntag_keys = ["team"]\n'
        f'arm_endpoint = "{arm}"\n',
        encoding="utf-8",
    )
    assert main(["sync", "azure", "--db", str(db), "-q", "--config", str(config)]) == 0
    assert rows(
        db, "SELECT sum(BilledCost), sum(EffectiveCost), count(DISTINCT Tags['team']) FROM cost_and_usage"
    ) == [(ACTUAL_TOTAL, AMORTIZED_TOTAL, 2)]
    config.write_text("[azure]\nscope = []\n", encoding="utf-8")
    assert main(["sync", "azure", "--db", str(db), "-q", "--config", str(config)]) == 1


def disk(name: str, state: str, size: int, managed_by: str | None = None) -> dict[str, object]:
    """A managed disk as Resource Manager lists it."""
    rid = f"/subscriptions/{S1}/resourceGroups/rg-data/providers/Microsoft.Compute/disks/{name}"
    return {
        "id": rid, "name": name, "type": "Microsoft.Compute/disks", "location": "westeurope",
        "managedBy": managed_by, "sku": {"name": "Premium_LRS", "tier": "Premium"}, "tags": {"team": "data"},
        "properties": {"diskSizeGB": size, "diskState": state,
                       "timeCreated": "2024-11-02T09:12:00.1234567+00:00"},
    }  # fmt: skip


def public_ip(name: str, config: str | None) -> dict[str, object]:
    """A public IP address as Resource Manager lists it."""
    rid = f"/subscriptions/{S1}/resourceGroups/rg-web/providers/Microsoft.Network/publicIPAddresses/{name}"
    props: dict[str, object] = {"publicIPAllocationMethod": "Static", "ipAddress": "20.1.2.3"}
    if config:
        props["ipConfiguration"] = {"id": config}
    return {
        "id": rid,
        "name": name,
        "location": "westeurope",
        "sku": {"name": "Standard"},
        "properties": props,
    }


def test_inventory_lists_disks_and_public_ips_across_pages(db: Path, arm: str) -> None:
    scope = f"subscriptions/{S1}"
    nic = f"/subscriptions/{S1}/resourceGroups/rg-web/providers/Microsoft.Network/networkInterfaces/n1"
    nic += "/ipConfigurations/ipconfig1"
    FakeArm.extras = {
        (scope, "disks"): [
            disk("disk-1", "Attached", 128, VM),
            disk("disk-old", "Unattached", 512),
            disk("disk-os", "Reserved", 30, VM),
            disk("disk-spare", "Unattached", 64),
        ],
        (scope, "publicipaddresses"): [public_ip("pip-web", nic), public_ip("pip-idle", None)],
    }
    assert sync(db, arm, f"{scope}/resourceGroups/rg-web", "--inventory") == 0
    assert sum("$skiptoken=1" in path and "/disks" in path for path, _, _ in FakeArm.log) == 1
    waste = rows(
        db,
        "SELECT resource_type, name, resource_group, state, size_gib, tags->>'team', created_at "
        "FROM azure_inventory WHERE state IN ('Unattached', 'unused') ORDER BY name",
    )
    assert waste == [
        ("managed-disk", "disk-old", "rg-data", "Unattached", 512.0, "data", datetime(2024, 11, 2, 9, 12)),
        ("managed-disk", "disk-spare", "rg-data", "Unattached", 64.0, "data", datetime(2024, 11, 2, 9, 12)),
        ("public-ip", "pip-idle", "rg-web", "unused", None, None, None),
    ]
    assert rows(db, "SELECT count(*), count(DISTINCT scope) FROM azure_inventory") == [(6, 1)]


def test_no_credential_is_one_line_without_the_identity_library_s_warning(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """No token, no AZURE_* variables: the error says to run az login, and azure-identity's 14-line
    list of every method it tried is not printed before it (network is loopback-only in tests)."""
    import logging

    from finops_tui.cli import main

    for name in [n for n in os.environ if n.startswith("AZURE_")] + ["FINOPS_TUI_AZURE_TOKEN"]:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no az, azd or pwsh to ask
    caplog.set_level(logging.WARNING)
    scope = "subscriptions/00000000-0000-0000-0000-000000000000"
    code = main(["sync", "azure", "--db", str(tmp_path / "c.duckdb"), "--query", "--scope", scope])
    err = capsys.readouterr().err.strip()
    assert code == 1 and len(err.splitlines()) == 1 and "no Azure credential" in err and "az login" in err
    assert [r.getMessage() for r in caplog.records if r.name.startswith("azure.identity")] == []

"""Known-answer tests of the finance queries on the finance fixture and on the shared real samples."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from finops_tui.finance_models import FinanceView, Reconciliation
from finops_tui.queries import finance
from finops_tui.sync.importer import import_paths
from finops_tui.sync.invoices import invoice_total, store_invoice_totals
from tests.conftest import dataset
from tests.finance_fixture import AS_OF, AWS_ACCOUNT, MS_ACCOUNT, NOW, build

D = Decimal


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = build(tmp_path_factory.mktemp("finance"))
    total = invoice_total("aws", AWS_ACCOUNT, "2025-02", "210.50", "usd")
    store_invoice_totals(db, [total], source="set", now=NOW)
    return db


def _view(db: Path, month: date | None = None, as_of: date = AS_OF) -> FinanceView:
    with duckdb.connect(str(db), read_only=True) as con:
        return finance.finance_view(con, as_of=as_of, month=month)


def _recon(view: FinanceView, period: date, provider: str = "AWS") -> Reconciliation:
    (found,) = [r for r in view.reconciliations if r.period == period and r.provider == provider]
    return found


def _lines(r: Reconciliation) -> dict[str, tuple[int, Decimal, Decimal, Decimal]]:
    return {line.kind: (line.rows, line.billed, line.effective, line.list_cost) for line in r.lines}


def test_january_explains_the_upfront_purchase_line_by_line(cache: Path) -> None:
    jan = _recon(_view(cache), date(2025, 1, 1))
    assert (jan.account, jan.currency, jan.rows) == (AWS_ACCOUNT, "USD", 6)
    assert (jan.billed, jan.effective, jan.list_cost, jan.difference) == (D(223), D(143), D(290), D(80))
    assert _lines(jan) == {
        "usage_standard": (1, D(100), D(100), D(120)),
        "usage_committed": (1, D(0), D(30), D(50)),
        "unused_commitment": (1, D(0), D(10), D(0)),
        "purchase_commitment": (1, D(120), D(0), D(120)),
        "credit": (1, D(-5), D(-5), D(0)),
        "tax": (1, D(8), D(8), D(0)),
        "unexplained": (0, D(0), D(0), D(0)),
    }
    assert [line.difference for line in jan.lines if line.difference] == [D(-30), D(-10), D(120)]
    assert sum((line.difference for line in jan.lines), D(0)) == jan.difference
    assert jan.not_final == () and jan.invoice is None
    assert (jan.imported_billed, jan.imported_effective) == (D(223), D(143))


def test_february_refund_correction_and_invoice_difference(cache: Path) -> None:
    feb = _recon(_view(cache), date(2025, 2, 1))
    assert (feb.billed, feb.effective, feb.difference) == (D(200), D(240), D(-40))
    assert _lines(feb)["adjustment"] == (1, D(-12), D(-12), D(0))
    assert _lines(feb)["correction"] == (1, D(3), D(3), D(3))
    assert "credit" not in _lines(feb) and feb.unexplained.difference == 0
    assert (feb.invoice, feb.invoice_currency, feb.invoice_difference) == (D("210.5"), "USD", D("10.5"))


def test_a_period_not_over_by_as_of_is_marked_with_its_reasons(cache: Path) -> None:
    view = _view(cache)
    march = _recon(view, date(2025, 3, 1))
    assert march.not_final == (
        "the period runs to 2025-03-31, after the as-of day",
        "its newest charge ends 2025-03-04, before the period end",
    )
    assert [r.period for r in view.reconciliations if r.not_final] == [date(2025, 3, 1)]
    assert _recon(view, date(2025, 1, 1), "Microsoft").account == MS_ACCOUNT


def test_not_final_reasons_include_daily_aggregates() -> None:
    reasons = finance.not_final_reasons(date(2025, 1, 1), None, date(2025, 2, 1), True, date(2025, 3, 1))
    assert reasons == ("only daily-aggregate API rows cover it (no line items yet)",)
    assert finance.not_final_reasons(date(2025, 1, 1), None, date(2025, 2, 1), False, date(2025, 1, 31)) == ()


def test_list_price_walks_to_effective_cost_per_month_and_year_to_date(cache: Path) -> None:
    view = _view(cache)
    jan = next(w for w in view.months if w.label == "2025-01" and w.provider == "AWS")
    assert jan.list_cost == D(170) and jan.effective == D(143)
    assert [(s.kind, s.amount) for s in jan.steps] == [
        ("negotiated", D(-20)), ("commitment", D(-20)), ("unused", D(10)), ("credits", D(-5)),
        ("tax", D(8)), ("other", D(0)), ("residual", D(0)),
    ]  # fmt: skip
    aws, ms = view.year_to_date
    assert (aws.label, aws.provider, aws.list_cost, aws.effective) == ("YTD 2025", "AWS", D(593), D(473))
    assert [s.amount for s in aws.steps] == [D(-70), D(-60), D(10), D(-5), D(17), D(-12), D(0)]
    assert (ms.list_cost, ms.steps[0].amount, ms.effective, ms.residual) == (D(80), D(-10), D(70), D(0))


def test_one_month_asked_for(cache: Path) -> None:
    view = _view(cache, month=date(2025, 2, 1))
    assert [(r.period, r.provider) for r in view.reconciliations] == [(date(2025, 2, 1), "AWS")]
    assert [w.label for w in view.months] == ["2025-02"]
    assert view.year_to_date[0].effective == D(143 + 240)  # January to the month shown


def test_charges_of_no_focus_category_land_in_unexplained(tmp_path: Path) -> None:
    from tests.finance_fixture import HEADER, _line

    path = tmp_path / "odd.csv"
    odd = _line("2025-01", "Usage", ("7", "7", "7", "7"), day="2025-01-03")
    odd["ChargeCategory"] = "Mystery"
    path.write_text(",".join(HEADER) + "\n" + ",".join(odd[h] for h in HEADER) + "\n", encoding="utf-8")
    db = tmp_path / "cache.duckdb"
    import_paths(db, [path], now=NOW)
    (r,) = _view(db, as_of=date(2025, 1, 31)).reconciliations
    assert [(line.kind, line.billed) for line in r.lines] == [("unexplained", D(7))]


@pytest.mark.parametrize(
    ("sample", "billed", "effective"),
    [
        ("finops-focus-sample-data-1.0/focus_sample.csv", "20.520227", "14.976514"),
        ("ola-raji-aws-cur2-ha-project", "0.00", "0.00"),
        ("finops-toolkit-ea-cost-small", "8.545008", "16.296932"),
        ("focus-converters-testdata/aws", "1.6823", "1.6823"),
    ],
)
def test_shared_real_samples_reconcile_with_nothing_unexplained(
    tmp_path: Path, sample: str, billed: str, effective: str
) -> None:
    db = tmp_path / "cache.duckdb"
    import_paths(db, [dataset(sample)], now=NOW)
    view = _view(db, as_of=date(2026, 12, 31))
    assert view.reconciliations
    for r in view.reconciliations:
        assert r.unexplained.billed == r.unexplained.effective == r.unexplained.list_cost == 0
        assert sum((line.billed for line in r.lines), D(0)) == r.billed
    for w in (*view.months, *view.year_to_date):
        assert w.residual == 0
    cents = D("0.000001") if len(billed.split(".")[1]) == 6 else D("0.0001")
    assert sum((r.billed for r in view.reconciliations), D(0)).quantize(cents) == D(billed).quantize(cents)
    assert sum((r.effective for r in view.reconciliations), D(0)).quantize(cents) == D(effective).quantize(
        cents
    )


def test_a_period_covered_only_by_query_api_rows_is_not_final(tmp_path: Path) -> None:
    from finops_tui.sync.azure.query_api import load_rows, rows_from
    from finops_tui.sync.writer import CacheWriter

    scope = "subscriptions/00000000-0000-0000-0000-000000000001"
    raw = [
        {
            "usagedate": 20250131,
            "resourceid": f"/{scope}/resourceGroups/rg/vm1",
            "servicename": "VM",
            "cost": 4.5,
        }
    ]
    db = tmp_path / "cache.duckdb"
    with CacheWriter(db) as writer:
        rows = rows_from(scope, "actual", raw, {}) + rows_from(scope, "amortized", raw, {})
        load_rows(writer.connection, rows, raw, now=NOW)
        writer.commit()
    (r,) = _view(db, as_of=date(2025, 3, 1)).reconciliations
    assert r.not_final == ("only daily-aggregate API rows cover it (no line items yet)",)
    assert (r.billed, r.effective, r.unexplained.difference) == (D("4.5"), D("4.5"), 0)


def test_imported_totals_that_differ_from_the_cache_are_flagged(cache: Path) -> None:
    from dataclasses import replace

    jan = _recon(_view(cache), date(2025, 1, 1))
    assert not jan.imported_differs
    assert replace(jan, imported_effective=D("142.99")).imported_differs


def test_the_default_as_of_keeps_a_period_billed_after_it(tmp_path: Path) -> None:
    """At the sample's own newest day (2024-09-30) Oracle's last hour of September is billed in the
    2024-10 period: leaving periods after the as-of month out lost its 0.24 and the billed total no
    longer matched SOURCES.md (20.520227)."""
    from finops_tui.cache import CacheReader
    from finops_tui.queries.trends import default_as_of

    db = tmp_path / "cache.duckdb"
    import_paths(db, [dataset("finops-focus-sample-data-1.0/focus_sample.csv")], now=NOW)
    with CacheReader(db).reader() as cur:
        as_of = default_as_of(cur)
    assert as_of == date(2024, 9, 30)
    view = _view(db, as_of=as_of)
    billed = sum((r.billed for r in view.reconciliations), D(0))
    assert billed.quantize(D("0.000001")) == D("20.520227")
    late = [r for r in view.reconciliations if r.period == date(2024, 10, 1)]
    assert [(r.provider, r.billed) for r in late] == [("Oracle", D("0.24"))] and late[0].not_final

"""Monthly, non-usage charges of the demo estate: commitment fees, support, tax and credits.

They are computed from the month's own usage totals (summed exactly in DuckDB), so the files keep the
invariants a FinOps reviewer checks on a real bill: each commitment's monthly fee equals the effective
cost of its used plus unused rows, support follows AWS Business tiers, and tax is a share of billed cost.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from finops_tui.sync.demo_catalog import Commitment
from finops_tui.sync.demo_estate import (
    AWS_ACCOUNTS,
    AWS_PAYER,
    AZURE_ACCOUNTS,
    GLOBAL,
    S_EC2,
    S_SUPPORT,
    S_TAX,
    Z_VM,
    Account,
    Region,
    Service,
)

CENT = Decimal("0.01")
TAX_RATE = Decimal("0.06")
S_PROMO = Service("AWS Promotional Credits", "Other", "Other", "")
PROMO_MONTHS = 6
"""The sandbox account's promotional credit covers 60 % of its bill in the first six months."""


@dataclass(frozen=True, slots=True)
class Month:
    """One generated billing month: day indices ``[d0, d1)`` from the first generated day."""

    index: int
    start: date
    next: date
    d0: int
    d1: int

    @property
    def days_in_month(self) -> int:
        """Calendar days of the month (the divisor of monthly-priced meters)."""
        return (self.next - self.start).days

    @property
    def closed(self) -> bool:
        """True when every day of the month was generated (an invoiced month)."""
        return self.d1 - self.d0 == self.days_in_month

    @property
    def charge_end(self) -> date:
        """Exclusive end of the month's charges: the month end, or the day after ``end`` if open."""
        return self.start + timedelta(days=self.d1 - self.d0)


def months_between(first: date, last: date) -> list[Month]:
    """Billing months from ``first`` (a 1st) through the month of ``last``."""
    out: list[Month] = []
    cur = first
    while cur <= last:
        nxt = date(cur.year + cur.month // 12, cur.month % 12 + 1, 1)
        d0 = (cur - first).days
        d1 = (min(nxt, last + timedelta(days=1)) - first).days
        out.append(Month(len(out), cur, nxt, d0, d1))
        cur = nxt
    return out


@dataclass(frozen=True, slots=True)
class UsageTotal:
    """Exact usage sums of one (provider, sub-account, service, commitment) in one month."""

    provider: str
    sub_id: str
    service: str
    commit_id: str | None
    billed: Decimal
    effective: Decimal
    quantity: float


def invoice_ids(month: Month, seed: int) -> dict[str, str | None]:
    """Invoice id per provider; an open month has none yet, as in real exports."""
    if not month.closed:
        return {"AWS": None, "Microsoft": None}
    serial = (month.start.year * 12 + month.start.month) * 7919 + seed % 1000
    return {"AWS": f"{2_000_000_000 + serial}", "Microsoft": f"G0{serial % 100_000_000:08d}"}


def _tiered_support(base: Decimal) -> Decimal:
    """AWS Business support: 10 % / 7 % / 5 % / 3 % tiers, at least $100."""
    fee, lower = Decimal(0), Decimal(0)
    for upper, rate in ((10_000, "0.10"), (80_000, "0.07"), (250_000, "0.05"), (10**12, "0.03")):
        if base > lower:
            fee += (min(base, Decimal(upper)) - lower) * Decimal(rate)
        lower = Decimal(upper)
    return max(fee, Decimal(100)).quantize(CENT, ROUND_HALF_UP)


def monthly_charges(
    month: Month, totals: Sequence[UsageTotal], commitments: Sequence[Commitment], seed: int
) -> list[dict[str, str | None]]:
    """Purchase, support, tax and credit rows of ``month`` as text values keyed by FOCUS column."""
    invoices = invoice_ids(month, seed)
    accounts = {a.sub_id: a for a in (AWS_PAYER, *AWS_ACCOUNTS.values(), *AZURE_ACCOUNTS.values())}
    rows: list[dict[str, str | None]] = []

    def row(
        acct: Account, service: Service, region: Region, category: str, amount: Decimal, **extra: str | None
    ) -> None:
        aws = acct.provider == "AWS"
        values: dict[str, str | None] = {
            "ProviderName": acct.provider,
            "PublisherName": "Amazon Web Services" if aws else "Microsoft",
            "InvoiceIssuerName": "Amazon Web Services, Inc." if aws else "Microsoft",
            "InvoiceId": invoices[acct.provider],
            "BillingAccountId": acct.billing_id, "BillingAccountName": acct.billing_name,
            "BillingAccountType": acct.billing_type, "SubAccountId": acct.sub_id,
            "SubAccountName": acct.sub_name, "SubAccountType": acct.sub_type, "BillingCurrency": "USD",
            "BillingPeriodStart": f"{month.start} 00:00:00", "BillingPeriodEnd": f"{month.next} 00:00:00",
            "ChargePeriodStart": f"{month.start} 00:00:00", "ChargePeriodEnd": f"{month.charge_end} 00:00:00",
            "ChargeCategory": category, "BilledCost": str(amount), "EffectiveCost": str(amount),
            "ListCost": "0", "ContractedCost": "0", "ServiceName": service.name,
            "ServiceCategory": service.category, "ServiceSubcategory": service.subcategory,
            "RegionId": region.id, "RegionName": region.name, "x_ProductCode": service.product_code or None,
        }  # fmt: skip
        values.update(extra)
        rows.append(values)

    billed: dict[str, Decimal] = {}
    for t in totals:
        billed[t.sub_id] = billed.get(t.sub_id, Decimal(0)) + t.billed
    for c in commitments:
        used = [t for t in totals if t.commit_id == c.id]
        fee = sum((t.effective for t in used), Decimal(0))
        if not used or fee == 0:
            continue
        quantity = sum(t.quantity for t in used) if c.unit == "Hours" else float(fee)
        billed[c.account.sub_id] = billed.get(c.account.sub_id, Decimal(0)) + fee
        row(c.account, c.service, c.region, "Purchase", fee, EffectiveCost="0", ListCost=str(fee),
            ContractedCost=str(fee), ChargeFrequency="Recurring", PricingCategory="Standard",
            ChargeDescription=f"{c.name}: monthly commitment fee", PricingQuantity=str(quantity),
            PricingUnit=c.unit, ResourceId=c.id, ResourceName=c.name, ResourceType=c.type,
            CommitmentDiscountId=c.id, CommitmentDiscountName=c.name, CommitmentDiscountType=c.type,
            CommitmentDiscountCategory=c.category,
            CommitmentDiscountQuantity=str(quantity), CommitmentDiscountUnit=c.unit,
            x_LineItemType=c.purchase_line_item, x_PricingModel=c.pricing_model)  # fmt: skip
    aws_subs = [a.sub_id for a in (AWS_PAYER, *AWS_ACCOUNTS.values())]
    support = _tiered_support(sum((billed.get(s, Decimal(0)) for s in aws_subs), Decimal(0)))
    billed[AWS_PAYER.sub_id] = billed.get(AWS_PAYER.sub_id, Decimal(0)) + support
    row(AWS_PAYER, S_SUPPORT, GLOBAL, "Purchase", support, ChargeFrequency="Recurring",
        PricingCategory="Standard", ChargeDescription="AWS Support (Business): monthly fee",
        x_LineItemType="Fee")  # fmt: skip
    credits: list[tuple[Account, Service, Decimal, str]] = []
    sandbox, prod, az_prod = AWS_ACCOUNTS["sandbox"], AWS_ACCOUNTS["prod"], AZURE_ACCOUNTS["prod"]
    if month.index < PROMO_MONTHS:
        credits.append(
            (sandbox, S_PROMO, billed.get(sandbox.sub_id, Decimal(0)) * Decimal("0.6"), "Promotional credit")
        )
    by_service = {(t.sub_id, t.service): Decimal(0) for t in totals}
    for t in totals:
        by_service[(t.sub_id, t.service)] += t.billed
    if month.index == 7:
        ec2 = by_service.get((prod.sub_id, S_EC2.name), Decimal(0))
        credits.append((prod, S_EC2, ec2 * Decimal("0.01"), "EC2 service level agreement credit"))
    if month.index == 9:
        vm = by_service.get((az_prod.sub_id, Z_VM.name), Decimal(0))
        credits.append((az_prod, Z_VM, vm * Decimal("0.02"), "Virtual Machines SLA credit"))
    for acct, service, amount, what in credits:
        value = -amount.quantize(CENT, ROUND_HALF_UP)
        if value:
            row(acct, service, GLOBAL, "Credit", value, ChargeFrequency="One-Time", ChargeDescription=what,
                x_LineItemType="Credit" if acct.provider == "AWS" else "Refund")  # fmt: skip
    for sub in aws_subs:
        tax = (billed.get(sub, Decimal(0)) * TAX_RATE).quantize(CENT, ROUND_HALF_UP)
        if tax:
            row(accounts[sub], S_TAX, GLOBAL, "Tax", tax, ChargeFrequency="Recurring",
                ChargeDescription="Sales tax", x_LineItemType="Tax")  # fmt: skip
    return rows

"""FOCUS 1.0, 1.1 and 1.2 exports (AWS Data Exports, Azure FOCUS exports, the FinOps Foundation samples).

FOCUS is the cache's own shape, so the mapping is mostly identity. What needs care: literal ``NULL``
text (handled by the CSV reader's null strings), ``2024-09-01 00:00:00`` timestamps, Tags as JSON
text in CSV but a real map in Parquet, and ids that must stay text.
"""

from __future__ import annotations

from dataclasses import dataclass

from finops_tui.sync.formats.base import (
    Header,
    json_tags,
    literal,
    money,
    number,
    select_list,
    text,
    timestamp,
)
from finops_tui.sync.schema import COLUMN_TYPES, MONEY

_REQUIRED = ("BilledCost", "EffectiveCost", "ChargePeriodStart", "ProviderName", "BillingCurrency")

_PROVIDER_EXTRAS: dict[str, tuple[str, ...]] = {
    # cache x_ column: provider x_ columns that carry it, same name first (our own demo files and
    # re-exports), then AWS "with Amazon columns" and Azure FOCUS export spellings
    "x_UsageType": ("x_UsageType", "x_SkuMeterName"),
    "x_Operation": ("x_Operation",),
    "x_ProductCode": ("x_ProductCode", "x_ServiceCode"),
    "x_InstanceType": ("x_InstanceType",),
    "x_ResourceGroup": ("x_ResourceGroup", "x_ResourceGroupName"),
    "x_ProductFamily": ("x_ProductFamily", "x_SkuMeterCategory"),
    "x_PricingModel": ("x_PricingModel",),
    "x_VolumeType": ("x_VolumeType",),
    "x_LineItemType": ("x_LineItemType", "x_ChargeType"),
}


@dataclass(frozen=True)
class FocusFormat:
    """FOCUS 1.x: the version is read from which columns the header carries."""

    name: str = "focus"

    def matches(self, header: Header) -> bool:
        """FOCUS headers carry the spec's cost and period columns under their exact names."""
        return header.has(*_REQUIRED)

    def version(self, header: Header) -> str:
        """Best guess of the FOCUS version from columns added in 1.1 and 1.2."""
        if header.has_any("BillingAccountType", "InvoiceId", "SubAccountType"):
            return "1.2"
        if header.has_any("ServiceSubcategory", "SkuMeter", "CommitmentDiscountQuantity"):
            return "1.1"
        return "1.0"

    def select_sql(self, header: Header) -> str:
        """Identity mapping with types enforced, plus the provider extras we use later."""
        items: list[tuple[str, str]] = []
        for name, sql_type in COLUMN_TYPES.items():
            if name.startswith("x_"):
                continue
            col = header.col(name)
            if name == "Tags":
                if col == "NULL":
                    items.append((name, "NULL"))
                elif header.type_of(name).startswith("MAP"):
                    items.append((name, f"CAST({col} AS MAP(VARCHAR, VARCHAR))"))
                else:
                    items.append((name, json_tags(col)))
            elif sql_type == MONEY:
                items.append((name, money(col, header.type_of(name))))
            elif sql_type == "DOUBLE":
                items.append((name, number(col, header.type_of(name))))
            elif sql_type == "TIMESTAMP":
                items.append((name, timestamp(col, header.type_of(name))))
            else:
                items.append((name, text(col)))
        for target, sources in _PROVIDER_EXTRAS.items():
            items.append((target, text(header.col(*sources))))
        items.append(("x_Source", literal(f"focus-{self.version(header)}")))
        items.append(("x_CostBasis", "'full'"))
        items.append(("x_SourceCost", money(header.col("BilledCost"), header.type_of("BilledCost"))))
        items.append(("x_Grain", "'line-item'"))
        return f"SELECT\n  {select_list(items)}\nFROM src"

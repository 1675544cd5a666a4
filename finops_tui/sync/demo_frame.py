"""The meter catalogue as a column-oriented frame: the one table DuckDB expands into line items.

Prices are resolved here into the four per-unit rates the row costs use (billed, effective, list,
contracted), so the SQL that runs per row is the same multiplication for every kind of charge.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Sequence

import polars as pl

from finops_tui.sync.demo_catalog import Meter


def sku_id(provider: str, region: str, usage_type: str) -> str:
    """A stable SKU id for a price-list entry (the same for every seed, like a real price list)."""
    digest = hashlib.blake2b(f"{provider}|{region}|{usage_type}".encode(), digest_size=10).hexdigest().upper()
    return digest[:16] if provider == "AWS" else digest[:12]


def _price(m: Meter) -> tuple[float, float, float, float]:
    """(contracted, effective, billed, list) unit prices used for the row costs."""
    contracted = m.contracted_price if m.contracted_price is not None else m.list_price
    effective = m.effective_price if m.effective_price is not None else contracted
    billed = 0.0 if m.cost_mode in ("used", "unused") else effective
    listed = 0.0 if m.cost_mode == "unused" else m.list_price
    if m.cost_mode == "unused":
        contracted = 0.0
    return contracted, effective, billed, listed


_TAG_TYPE = pl.List(pl.Struct({"k": pl.String, "v": pl.String}))
_FLOATS = frozenset(
    ("list_unit", "contracted_unit", "list_price", "contracted_price", "effective_price", "billed_price",
     "base", "ln_growth", "weekend", "sigma", "anom_mult")
)  # fmt: skip
_INTS = frozenset(("meter_id", "start_day", "end_day", "noise_key", "anom_start", "anom_end"))


def to_frame(meters: Sequence[Meter]) -> pl.DataFrame:
    """The catalogue as a column-oriented frame for DuckDB (one row per meter, in catalogue order)."""
    cols: dict[str, list[object]] = {}

    def put(name: str, value: object) -> None:
        cols.setdefault(name, []).append(value)

    for i, m in enumerate(meters):
        r, a, c = m.res, m.res.account, m.commitment
        aws = a.provider == "AWS"
        contracted, effective, billed, listed = _price(m)
        sku = sku_id(a.provider, r.region.id, m.usage_type)
        term = {"Reserved": "6QCMYABX3D", "SavingsPlan": "SP7QGXKA2M", "Spot": "SPOT4X9B1C"}.get(
            m.pricing_model, "JRTCKXETXF"
        )
        for name, value in (
            ("meter_id", i),
            ("provider", a.provider),
            ("publisher", "Amazon Web Services" if aws else "Microsoft"),
            ("issuer", "Amazon Web Services, Inc." if aws else "Microsoft"),
            ("billing_id", a.billing_id),
            ("billing_name", a.billing_name),
            ("billing_type", a.billing_type),
            ("sub_id", a.sub_id),
            ("sub_name", a.sub_name),
            ("sub_type", a.sub_type),
            ("service_name", r.service.name),
            ("service_category", r.service.category),
            ("service_subcategory", r.service.subcategory),
            ("product_code", r.service.product_code or None),
            ("region_id", r.region.id),
            ("region_name", r.region.name),
            ("az", r.az),
            ("resource_id", r.rid),
            ("resource_name", r.name),
            ("resource_type", r.rtype),
            ("resource_group", r.rgroup),
            ("tags", [{"k": k, "v": v} for k, v in r.tags] if r.tags else None),
            ("usage_type", m.usage_type),
            ("operation", m.operation),
            ("instance_type", m.instance_type),
            ("product_family", m.product_family),
            ("volume_type", m.volume_type),
            ("line_item_type", m.line_item_type),
            ("pricing_model", m.pricing_model),
            ("pricing_category", m.pricing_category),
            ("description", m.description or None),
            ("sku_id", sku),
            ("sku_price_id", f"{sku}.{term}.6YS6EN2CT7" if aws else f"{sku}/{term[:4]}"),
            ("sku_meter", m.sku_meter),
            ("unit", m.unit),
            ("list_unit", None if m.cost_mode == "unused" else m.list_price),
            ("contracted_unit", None if m.cost_mode == "unused" else contracted),
            ("list_price", listed),
            ("contracted_price", contracted),
            ("effective_price", effective),
            ("billed_price", billed),
            ("commit_id", c.id if c else None),
            ("commit_name", c.name if c else None),
            ("commit_type", c.type if c else None),
            ("commit_category", c.category if c else None),
            ("commit_unit", c.unit if c else None),
            ("commit_status", {"used": "Used", "unused": "Unused"}.get(m.cost_mode)),
            ("cost_mode", m.cost_mode),
            ("qty_mode", m.qty_mode),
            ("base", m.base),
            ("ln_growth", math.log1p(m.growth)),
            ("weekend", m.weekend),
            ("sigma", m.sigma),
            ("weekday_only", m.weekday_only),
            ("start_day", r.start),
            ("end_day", r.end),
            ("noise_key", m.noise_key),
            ("anom_kind", m.anom_kind),
            ("anom_start", m.anom_start),
            ("anom_end", m.anom_end),
            ("anom_mult", m.anom_mult),
        ):
            put(name, value)
    schema: dict[str, pl.DataType] = {}
    for name in cols:
        if name == "tags":
            schema[name] = _TAG_TYPE
        elif name in _FLOATS:
            schema[name] = pl.Float64()
            cols[name] = [None if v is None else float(v) for v in cols[name]]  # type: ignore[arg-type]
        elif name in _INTS:
            schema[name] = pl.Int64()
        elif name == "weekday_only":
            schema[name] = pl.Boolean()
        else:
            schema[name] = pl.String()
    return pl.DataFrame(cols, schema=schema)

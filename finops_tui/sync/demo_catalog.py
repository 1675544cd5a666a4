"""The demo estate as a catalogue of meters: one row per (resource, usage type), never per day.

The catalogue is the only part of the generator built in Python, and it is small (a few thousand
meters at scale 1). Each meter says how its daily quantity behaves (fixed hours, a monthly size
pro-rated per day, or noisy usage with growth and weekly seasonality); DuckDB then expands meters
into daily line items in SQL, so no Python code ever runs per row.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar

from finops_tui.sync.demo_estate import (
    AWS_REGIONS,
    AZURE_REGIONS,
    COST_CENTER_KEYS,
    COST_CENTERS,
    ENV_KEYS_AWS,
    ENV_KEYS_AZURE,
    ENV_VALUES,
    TEAM_KEYS,
    UNTAGGED_SHARE,
    Account,
    Region,
    Service,
)
from finops_tui.sync.demo_meters import Tpl

T = TypeVar("T")
FOREVER = 1 << 30
"""End day of resources that are never deleted."""
DAYS_PER_MONTH = 30.4375


@dataclass(slots=True, eq=False)
class Res:
    """One billed resource; its meters share these columns and its tags."""

    account: Account
    service: Service
    region: Region
    rid: str | None
    name: str | None
    rtype: str | None
    team: str = "platform"
    app: str = "api"
    az: str | None = None
    rgroup: str | None = None
    start: int = 0
    end: int = FOREVER
    taggable: bool = True
    pinned: bool = False
    """Pinned resources (waste, commitment-covered, anomaly targets) keep their full lifetime."""
    tags: tuple[tuple[str, str], ...] | None = None


@dataclass(frozen=True, slots=True)
class Commitment:
    """A reservation or savings plan: the columns its usage, unused and purchase rows share."""

    id: str
    name: str
    type: str
    category: str
    unit: str
    account: Account
    service: Service
    region: Region
    purchase_line_item: str
    pricing_model: str


@dataclass(slots=True, eq=False)
class Meter:
    """One usage type of one resource and the rule that gives its quantity on each day."""

    res: Res
    usage_type: str
    unit: str
    list_price: float
    base: float
    qty_mode: str = "usage"
    """``daily`` (base per day), ``monthly`` (base per month, pro-rated), ``autoscale`` (noisy hours
    capped at 24) or ``usage`` (base x growth x weekday factor x noise)."""
    contracted_price: float | None = None
    effective_price: float | None = None
    cost_mode: str = "standard"
    """``standard`` (billed = effective), ``used`` / ``unused`` commitment (billed 0), ``dynamic`` (spot)."""
    operation: str | None = None
    instance_type: str | None = None
    product_family: str | None = None
    volume_type: str | None = None
    line_item_type: str = "Usage"
    pricing_model: str = "OnDemand"
    pricing_category: str = "Standard"
    commitment: Commitment | None = None
    description: str = ""
    sku_meter: str | None = None
    growth: float = 0.0
    weekend: float = 1.0
    sigma: float = 0.0
    weekday_only: bool = False
    noise_key: int = 0
    anom_kind: str | None = None
    anom_start: int = 0
    anom_end: int = 0
    anom_mult: float = 1.0

    @property
    def series(self) -> tuple[str, str, str]:
        """(provider, sub-account, service): the scope anomalies are defined on."""
        return (self.res.account.provider, self.res.account.sub_id, self.res.service.name)

    def daily_estimate(self) -> float:
        """Rough effective $ per day, used to size tags, anomalies and staggered starts."""
        price = self.effective_price if self.effective_price is not None else self.list_price
        per_day = self.base / DAYS_PER_MONTH if self.qty_mode == "monthly" else self.base
        return per_day * price * (5 / 7 if self.weekday_only else 1.0)


@dataclass(frozen=True, slots=True)
class WasteSpec:
    """An injected waste finding: which resource, which check, and the share of its cost it saves."""

    check: str
    account: Account
    resource_id: str
    usage_type: str
    saving_ratio: float
    detail: str


@dataclass(slots=True)
class Builder:
    """Shared state while the estate is built: the seeded RNG, the scale and everything made so far."""

    rng: random.Random
    scale: float
    n_days: int
    meters: list[Meter] = field(default_factory=list)
    waste: list[WasteSpec] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)

    def count(self, base: float, minimum: int = 1) -> int:
        """Resources of one kind at this scale (never fewer than ``minimum``)."""
        return max(minimum, round(base * self.scale))

    def hex(self, n: int) -> str:
        """``n`` random lowercase hex digits (resource-id suffixes)."""
        return f"{self.rng.getrandbits(4 * n):0{n}x}"

    def pick(self, options: Sequence[T]) -> T:
        """A uniform choice."""
        return options[self.rng.randrange(len(options))]

    def weighted(self, options: Sequence[tuple[T, float]]) -> T:
        """A weighted choice from ``(value, weight)`` pairs."""
        return self.rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]

    def region(self, provider: str) -> Region:
        """A region drawn with the provider's regional mix."""
        return self.weighted(AWS_REGIONS if provider == "AWS" else AZURE_REGIONS)

    def stagger(self, share: float) -> int:
        """Start day: 0 for most resources, a later day for ``share`` of them (fleet growth)."""
        if self.rng.random() >= share:
            return 0
        return self.rng.randrange(1, max(2, self.n_days - 20))

    def add(self, res: Res, usage_type: str, unit: str, list_price: float, base: float, **kw: Any) -> Meter:
        """Create a meter on ``res`` and keep it."""
        meter = Meter(res, usage_type, unit, list_price, base, **kw)
        meter.noise_key = self.rng.getrandbits(62)
        self.meters.append(meter)
        return meter

    def tpl(self, res: Res, tpl: Tpl, base: float, *, coded: bool = False, **kw: Any) -> Meter:
        """A meter from a price-list template, with the region's usage-type prefix and price factor.

        ``coded`` uses the prefix newer AWS services carry in every region (``USE1-`` included).
        """
        prefix = res.region.code if coded else res.region.prefix
        kw.setdefault("description", tpl.description)
        price = tpl.price * res.region.price_factor
        return self.add(
            res,
            prefix + tpl.usage,
            tpl.unit,
            price,
            base,
            operation=tpl.operation,
            product_family=tpl.family,
            sku_meter=tpl.sku_meter,
            **kw,
        )


def _tags_for(b: Builder, res: Res) -> tuple[tuple[str, str], ...]:
    """A tag set in the account's habits: key spellings, value variants and partial gaps."""
    acct = res.account
    azure = acct.provider == "Microsoft"
    tags: list[tuple[str, str]] = []
    if b.rng.random() < 0.9:
        tags.append((b.weighted(TEAM_KEYS), res.team))
    if b.rng.random() < 0.85:
        env_key = b.weighted(ENV_KEYS_AZURE if azure else ENV_KEYS_AWS)
        tags.append((env_key, b.weighted(ENV_VALUES[acct.key])))
    if b.rng.random() < 0.7:
        tags.append((b.weighted(COST_CENTER_KEYS), b.pick(COST_CENTERS)))
    if b.rng.random() < 0.5:
        tags.append(("application" if azure else "Application", res.app))
    if acct.key in ("sandbox", "devtest") and b.rng.random() < 0.6:
        tags.append(("owner", f"{b.pick(('ana', 'ben', 'chen', 'dara', 'eli'))}@acme.example"))
    if not tags:
        tags.append((b.weighted(TEAM_KEYS), res.team))
    return tuple(dict(tags).items())


def assign_tags(b: Builder) -> float:
    """Tag every taggable resource, leaving ~25 % of taggable spend untagged; return that share."""
    cost: dict[int, float] = {}
    resources: dict[int, Res] = {}
    for m in b.meters:
        if m.res.taggable:
            key = id(m.res)
            resources[key] = m.res
            cost[key] = cost.get(key, 0.0) + m.daily_estimate()
    order = list(resources)
    b.rng.shuffle(order)
    total = sum(cost.values()) or 1.0
    untagged = 0.0
    for key in order:
        res = resources[key]
        if untagged + cost[key] <= UNTAGGED_SHARE * total * 1.02 and untagged < UNTAGGED_SHARE * total:
            res.tags = None
            untagged += cost[key]
        else:
            res.tags = _tags_for(b, res)
    return untagged / total


def limit_late_starts(b: Builder, max_share: float = 0.05) -> None:
    """Start a resource on day 0 when its late start would be a visible step in its series.

    Fleet growth is modelled by resources that start later, but a late resource worth more than a few
    per cent of its service x account series would look like an anomaly that the ground truth does
    not list, so only small ones keep their late start.
    """
    day0: dict[tuple[str, str, str], float] = {}
    res_cost: dict[int, float] = {}
    for m in b.meters:
        res_cost[id(m.res)] = res_cost.get(id(m.res), 0.0) + m.daily_estimate()
        if m.res.start == 0:
            day0[m.series] = day0.get(m.series, 0.0) + m.daily_estimate()
    for m in b.meters:
        if m.res.start > 0 and not m.res.pinned and res_cost[id(m.res)] > max_share * day0.get(m.series, 0.0):
            m.res.start = 0

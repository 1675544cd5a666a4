"""SQL building blocks for the Azure cost details mapping (see ``azure.py`` and docs/mapping-azure.md).

Kept apart from the format class so each piece can be read (and tested) on its own: the lookup that
copes with Azure's three spellings of one column, the date and tag parsers for Azure's text quirks,
and the small CASE tables that turn Azure vocabulary (ChargeType, PricingModel, MeterCategory) into
FOCUS values.
"""

from __future__ import annotations

from dataclasses import dataclass

from finops_tui.sync.formats.base import Header, json_tags, literal, quote, text, us_date

BOM = "\ufeff"
"""A UTF-8 byte order mark some readers leave glued to the first column name."""

COMMITTED = "('reservation', 'savingsplan')"
"""SQL list of the normalised PricingModel values of usage covered by a reservation or savings plan."""


@dataclass(frozen=True)
class Columns:
    """Case-, space- and BOM-insensitive lookup of an Azure header.

    EA exports say ``CostInBillingCurrency``, MCA exports ``costInBillingCurrency``, and a CSV read by
    a BOM-unaware tool names its first column ``\\ufeffBillingAccountId``; all of them must resolve to
    the file's own spelling, which is what the SQL has to quote.
    """

    header: Header

    def _index(self) -> dict[str, str]:
        return {c.lstrip(BOM).strip().lower(): c for c in self.header.columns}

    def find(self, *names: str) -> str | None:
        """The file's spelling of the first of ``names`` present, or None."""
        index = self._index()
        for name in names:
            hit = index.get(name.lower())
            if hit is not None:
                return hit
        return None

    def has_any(self, *names: str) -> bool:
        """True when at least one of ``names`` is a column of the file."""
        return self.find(*names) is not None

    def col(self, *names: str) -> str:
        """Quoted identifier of the first of ``names`` present, or ``NULL``."""
        hit = self.find(*names)
        return quote(hit) if hit is not None else "NULL"

    def txt(self, *names: str) -> str:
        """Trimmed text of the first of ``names`` present (empty as NULL), or ``NULL``."""
        hit = self.find(*names)
        return text(quote(hit)) if hit is not None else "NULL"


def norm(expr: str) -> str:
    """SQL: text lower-cased with spaces removed (``On Demand`` and ``OnDemand`` compare equal)."""
    return f"lower(replace({expr}, ' ', ''))" if expr != "NULL" else "NULL"


def day(expr: str) -> str:
    """SQL: an Azure date (``09/21/2023``, ``2023-09-21``, ``2023-09-21T00:00:00Z``) at midnight UTC."""
    return "NULL" if expr == "NULL" else f"date_trunc('day', {us_date(expr)})"


def decimal(expr: str, scale: int = 10) -> str:
    """SQL: a numeric text as DECIMAL(38, ``scale``), strict (bad text fails the import)."""
    if expr == "NULL":
        return "NULL"
    return f"CAST(NULLIF(TRIM(CAST({expr} AS VARCHAR)), '') AS DECIMAL(38, {scale}))"


def tags(expr: str) -> str:
    """SQL: Azure tags as ``MAP(VARCHAR, VARCHAR)``.

    EA files write the object without its braces (``"env": "prod","org": "x"``), MCA files and the
    APIs with them; both become a JSON object first. Broken JSON or a repeated key fails the import
    with the tag text quoted, rather than silently dropping a row's tags (tags drive cost allocation).
    """
    if expr == "NULL":
        return "NULL"
    v = text(expr)
    obj = f"CASE WHEN starts_with({v}, '{{') THEN {v} ELSE '{{' || {v} || '}}' END"
    keys = f"json_keys({obj})"
    shown = f"left({v}, 200)"
    return (
        f"CASE WHEN {v} IS NULL THEN NULL "
        f"WHEN NOT json_valid({obj}) THEN error('Tags is not a JSON object: ' || {shown}) "
        f"WHEN len({keys}) <> len(list_distinct({keys})) THEN error('Tags repeats a key: ' || {shown}) "
        f"ELSE {json_tags(obj)} END"
    )


def json_field(expr: str, field: str) -> str:
    """SQL: one string field of a JSON object text (NULL when the text is not valid JSON)."""
    if expr == "NULL":
        return "NULL"
    return f"CASE WHEN json_valid({expr}) THEN json_extract_string({expr}, {literal('$.' + field)}) END"


def resource_type(rid: str) -> str:
    """SQL: ``microsoft.storage/storageaccounts`` from an ARM id (namespace plus every type segment).

    Nested resources keep every type (``microsoft.sql/servers/databases``); the result is lower-cased
    because Azure spells one provider ``Microsoft.Compute`` and ``microsoft.compute`` in one file.
    """
    if rid == "NULL":
        return "NULL"
    parts = f"string_split(trim(regexp_extract({rid}, '(?i)^.*/providers/(.*)$', 1), '/'), '/')"
    return (
        f"lower(NULLIF({parts}[1] || '/' || "
        f"array_to_string(list_filter({parts}[2:], lambda x, i: i % 2 = 1), '/'), '/'))"
    )


def last_segment(rid: str) -> str:
    """SQL: the last ``/``-separated segment of an id (NULL when the id ends in ``/``)."""
    return "NULL" if rid == "NULL" else f"NULLIF(split_part({rid}, '/', -1), '')"


def charge_category(ct: str) -> str:
    """SQL: FOCUS ChargeCategory from a normalised ChargeType (unknown types are adjustments)."""
    return (
        f"CASE WHEN {ct} IS NULL OR {ct} IN ('usage', 'unusedreservation', 'unusedsavingsplan') THEN 'Usage' "
        f"WHEN {ct} = 'purchase' THEN 'Purchase' WHEN {ct} IN ('refund', 'credit') THEN 'Credit' "
        f"WHEN {ct} = 'tax' THEN 'Tax' ELSE 'Adjustment' END"
    )


def pricing_category(pm: str) -> str:
    """SQL: FOCUS PricingCategory from a normalised PricingModel (absent stays NULL)."""
    return (
        f"CASE WHEN {pm} IS NULL THEN NULL WHEN {pm} = 'ondemand' THEN 'Standard' "
        f"WHEN {pm} IN {COMMITTED} THEN 'Committed' WHEN {pm} = 'spot' THEN 'Dynamic' "
        "ELSE 'Other' END"
    )


def commitment_type(ct: str, pm: str, benefit: str, cid: str) -> str:
    """SQL: ``Reservation`` or ``Savings Plan`` for rows that name a commitment, else NULL."""
    b = f"lower(coalesce({benefit}, ''))"
    return (
        f"CASE WHEN {ct} = 'unusedreservation' THEN 'Reservation' "
        f"WHEN {ct} = 'unusedsavingsplan' THEN 'Savings Plan' "
        f"WHEN {cid} IS NULL THEN NULL "
        f"WHEN {b} LIKE '%/microsoft.capacity/%' THEN 'Reservation' "
        f"WHEN {b} LIKE '%/microsoft.billingbenefits/%' THEN 'Savings Plan' "
        f"WHEN {pm} = 'reservation' THEN 'Reservation' WHEN {pm} = 'savingsplan' THEN 'Savings Plan' END"
    )


def commitment_status(ct: str, pm: str) -> str:
    """SQL: ``Unused`` for unused-commitment rows, ``Used`` for commitment-covered usage, else NULL."""
    return (
        f"CASE WHEN {ct} IN ('unusedreservation', 'unusedsavingsplan') THEN 'Unused' "
        f"WHEN coalesce({ct}, 'usage') = 'usage' AND {pm} IN {COMMITTED} THEN 'Used' END"
    )


def charge_frequency(freq: str) -> str:
    """SQL: FOCUS ChargeFrequency from Azure Frequency (``UsageBased`` → ``Usage-Based`` ...)."""
    f = norm(freq)
    return (
        f"CASE WHEN {f} IS NULL THEN NULL WHEN {f} = 'onetime' THEN 'One-Time' "
        f"WHEN {f} = 'recurring' THEN 'Recurring' WHEN {f} = 'usagebased' THEN 'Usage-Based' ELSE 'Other' END"
    )


_CATEGORY_TABLE: tuple[tuple[str, str], ...] = (
    (
        "Compute",
        "virtual machines|virtual machines licenses|cloud services|container instances|"
        "container apps|azure container apps|batch|functions|azure kubernetes service|"
        "azure spring apps|azure vmware solution|azure dedicated host|"
        "virtual machine scale sets",
    ),
    (
        "Storage",
        "storage|backup|azure backup|azure netapp files|data box|storage sync|"
        "azure data lake storage|azure managed lustre",
    ),
    (
        "Networking",
        "networking|bandwidth|virtual network|load balancer|vpn gateway|"
        "application gateway|azure dns|dns|expressroute|content delivery network|"
        "azure front door service|azure firewall|network watcher|nat gateway|"
        "azure bastion|traffic manager|private link|azure ddos protection|ip addresses|"
        "virtual wan|azure private link",
    ),
    (
        "Databases",
        "sql database|sql managed instance|azure database for mysql|"
        "azure database for postgresql|azure database for mariadb|azure cosmos db|"
        "redis cache|azure cache for redis|sql server|azure sql database|"
        "azure database migration service",
    ),
    (
        "Analytics",
        "azure synapse analytics|azure databricks|hdinsight|azure data factory v2|"
        "azure data factory|azure data explorer|stream analytics|power bi embedded|"
        "azure analysis services|microsoft fabric",
    ),
    (
        "AI and Machine Learning",
        "cognitive services|azure machine learning|machine learning studio|azure openai|"
        "azure cognitive search|azure ai search|foundry models|foundry tools",
    ),
    (
        "Management and Governance",
        "log analytics|azure monitor|insight and analytics|automation|azure site recovery|"
        "azure arc|azure policy|azure managed grafana",
    ),
    (
        "Security",
        "advanced threat protection|advanced data security|microsoft defender for cloud|"
        "security center|key vault|sentinel|microsoft sentinel|azure defender",
    ),
    ("Identity", "azure active directory|azure active directory b2c|microsoft entra id"),
    ("Integration", "service bus|event grid|event hubs|logic apps|api management"),
    ("Web", "azure app service|app service|static web apps|signalr|azure signalr service"),
    ("Developer Tools", "visual studio subscription|azure devops|azure devtest labs"),
    ("Internet of Things", "iot hub|iot central|azure iot hub|azure digital twins"),
    ("Media", "media services|azure communication services"),
    ("Migration", "azure migrate"),
)
SERVICE_CATEGORIES: dict[str, tuple[str, ...]] = {
    category: tuple(names.split("|")) for category, names in _CATEGORY_TABLE
}
"""FOCUS ServiceCategory per Azure MeterCategory (lower-cased); any other category is ``Other``."""


def service_category(meter_category: str) -> str:
    """SQL: FOCUS ServiceCategory from MeterCategory using :data:`SERVICE_CATEGORIES`."""
    if meter_category == "NULL":
        return "'Other'"
    m = f"lower({meter_category})"
    whens = " ".join(
        f"WHEN {m} IN ({', '.join(literal(v) for v in values)}) THEN {literal(category)}"
        for category, values in SERVICE_CATEGORIES.items()
    )
    return f"CASE {whens} ELSE 'Other' END"

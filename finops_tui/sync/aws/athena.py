"""``sync aws --athena``: roll a catalogued CUR 2.0 / FOCUS export up inside Athena, fetch only the rollup.

An estate with hundreds of millions of line items a month cannot be mirrored and imported on a
laptop, but the screens never read single line items: they read cost per day per dimension, and per
resource for the recent weeks the waste checks look at. So the sync asks Athena that one question
(``athena_sql/<shape>.sql``, a single scan of the table), pages the answer with ``NextToken`` and
hands the rows to :mod:`finops_tui.sync.aws.athena_load`. Nothing here opens the cache: a failed or
declined query leaves it exactly as it was.

Athena bills bytes scanned ($5 per TB, at least 10 MB per query). Before anything runs, the table's
S3 objects are listed (only the partitions of the synced billing periods when the table is
partitioned by ``billing_period``); their size is an upper bound for a Parquet scan, shown and
confirmed. Afterwards the bytes Athena reports scanning are shown.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from importlib.resources import files
from typing import Any

from finops_tui.errors import FinOpsError
from finops_tui.sync.aws.session import AwsContext, translate_errors

PRICE_PER_TB = Decimal(5)
"""USD per terabyte (10^12 bytes) Athena scans, in most regions."""
MIN_BYTES = 10 * 1024 * 1024
"""Athena bills every query for at least 10 MB."""
RECENT_DAYS = 30
"""The fewest days that keep resource grain (what most waste checks and resource drill-downs read); the
CLI widens it to the EBS snapshot growth check's age setting + 10 (100 days with the default 90-day age)."""
SHAPES = ("cur2", "focus")

FOCUS_REQUIRED = frozenset(
    {
        "billingaccountid", "billingaccountname", "subaccountid", "subaccountname", "billingcurrency",
        "billingperiodstart", "chargeperiodstart", "servicename", "servicecategory", "regionid",
        "chargecategory", "chargefrequency", "pricingcategory", "x_usagetype", "commitmentdiscountid",
        "commitmentdiscounttype", "commitmentdiscountcategory", "commitmentdiscountstatus", "resourceid",
        "billedcost", "effectivecost", "listcost", "contractedcost", "consumedquantity", "tags",
    }
)  # fmt: skip
FOCUS_OPTIONAL = frozenset({"x_usagetype"})
"""FOCUS columns read when present (AWS's FOCUS export has them) and taken as NULL otherwise."""
CUR2_REQUIRED = frozenset(
    {
        "bill_payer_account_id", "bill_payer_account_name", "line_item_usage_account_id",
        "line_item_usage_account_name", "line_item_currency_code", "bill_billing_period_start_date",
        "line_item_usage_start_date", "line_item_line_item_type", "line_item_product_code", "product",
        "product_servicecode", "product_region_code", "product_instance_type", "pricing_term",
        "line_item_usage_type", "line_item_resource_id", "line_item_unblended_cost", "line_item_usage_amount",
        "pricing_public_on_demand_cost", "reservation_effective_cost", "reservation_reservation_a_r_n",
        "reservation_unused_amortized_upfront_fee_for_billing_period", "reservation_unused_recurring_fee",
        "savings_plan_savings_plan_a_r_n", "savings_plan_savings_plan_effective_cost",
        "savings_plan_total_commitment_to_date", "savings_plan_used_commitment", "resource_tags",
    }
)  # fmt: skip
"""Columns each shape's SQL reads; Glue stores column names lower-cased."""

DIMENSIONS = 23
"""Grouped columns before the tag columns in both SQL files (``GROUP BY 1..DIMENSIONS+tags``)."""


@dataclass(frozen=True)
class AthenaOptions:
    """Where the catalogued export is and how to query it (flags over the ``[aws]`` section)."""

    database: str
    table: str
    workgroup: str = "primary"
    output: str | None = None
    """``s3://`` result location; None uses the workgroup's."""
    shape: str | None = None
    """``cur2`` or ``focus``; None detects it from the table's columns."""
    catalog: str = "AwsDataCatalog"
    tag_keys: tuple[str, ...] = ()
    """Tag keys kept in the rollup (required tags from settings plus ``--athena-tag-key``)."""
    resource_days: int = RECENT_DAYS
    """Days up to today kept at resource grain."""
    poll_max: float = 5.0
    """Longest pause between status checks while a query runs (seconds)."""


@dataclass(frozen=True)
class TableInfo:
    """What Glue says about the table."""

    shape: str
    location: str
    partitioned_by_period: bool
    partition_locations: tuple[tuple[str, str], ...]
    """(billing_period value, S3 location) per partition, when partitioned."""
    raw_tags: bool = False
    """CUR 2.0 only: the table also has ``tags`` with the keys as written on the resources."""
    usage_type: bool = True
    """FOCUS only: the table has AWS's ``x_UsageType`` (FOCUS tables of other producers may not)."""


@dataclass(frozen=True)
class Estimate:
    """The upper bound of one sync's Athena bill, shown before the query runs."""

    database: str
    table: str
    shape: str
    since: date
    objects: int
    bytes: int

    @property
    def usd(self) -> Decimal:
        """Bytes scanned (at least Athena's 10 MB minimum) x $5 per TB."""
        return Decimal(max(self.bytes, MIN_BYTES)) * PRICE_PER_TB / Decimal(10**12)


@dataclass(frozen=True)
class AthenaResult:
    """The rollup rows as Athena returned them (all text), with what the query cost."""

    columns: tuple[str, ...]
    rows: list[tuple[str | None, ...]]
    bytes_scanned: int
    query_id: str
    pages: int


def quote_ident(name: str) -> str:
    """A Trino identifier in double quotes (embedded quotes doubled): names are never values."""
    return '"' + name.replace('"', '""') + '"'


def literal(value: str) -> str:
    """A Trino string literal: the form Athena wants string execution parameters in, and how a tag
    key (the name of a tag dimension, like a column name) is written into the SELECT list, where
    Athena accepts no ``?``. Quotes are doubled, so the text can never end the literal."""
    return "'" + value.replace("'", "''") + "'"


def tag_key_sql(key: str) -> str:
    """A tag key as a string literal; keys AWS could not have issued are refused first."""
    if not key or len(key) > 128 or any(not c.isprintable() for c in key):
        raise FinOpsError(f"tag key {key!r}: AWS tag keys are 1 to 128 printable characters")
    return literal(key)


def cur2_tag_key(key: str) -> str:
    """The ``resource_tags`` map key of a user tag as CUR 2.0 normalises it: ``CostCenter`` and
    ``cost-center`` become ``user_cost_center`` (a word break before each capital after a lower-case
    letter or digit, lower case, anything else an underscore)."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", key)
    return "user_" + "".join(c if c.isalnum() else "_" for c in spaced.lower())


def _tag_sql(info: TableInfo, key: str) -> str:
    """SQL reading one tag key: FOCUS ``tags``; CUR 2.0's raw ``tags`` (original keys, as the line-item
    importer prefers) falling back to the normalised ``resource_tags``."""
    if info.shape != "cur2":
        return f"element_at(t.tags, {tag_key_sql(key)})"
    normalised = f"element_at(t.resource_tags, {tag_key_sql(cur2_tag_key(key))})"
    if not info.raw_tags:
        return normalised
    return f"coalesce(element_at(t.tags, {tag_key_sql('resourceTags/user:' + key)}), {normalised})"


def table_info(ctx: AwsContext, options: AthenaOptions) -> TableInfo:
    """Columns, location and partitions of the table from Glue; the shape unless given."""
    glue = ctx.client("glue")
    with translate_errors(f"Glue table {options.database}.{options.table}"):
        table = glue.get_table(DatabaseName=options.database, Name=options.table)["Table"]
    storage = table.get("StorageDescriptor") or {}
    names = {c["Name"].lower() for c in storage.get("Columns", [])}
    keys = [k["Name"].lower() for k in table.get("PartitionKeys", [])]
    shape = options.shape or _detect(names, options)
    required = CUR2_REQUIRED if shape == "cur2" else FOCUS_REQUIRED - FOCUS_OPTIONAL
    missing = sorted(required - names - set(keys))
    if missing:
        raise FinOpsError(
            f"Athena table {options.database}.{options.table}: not a {shape} export table "
            f"(missing columns: {', '.join(missing[:5])}{' ...' if len(missing) > 5 else ''})"
        )
    parts: list[tuple[str, str]] = []
    by_period = "billing_period" in keys
    if by_period:
        index = keys.index("billing_period")
        with translate_errors(f"Glue partitions of {options.database}.{options.table}"):
            pager = glue.get_paginator("get_partitions")
            for page in pager.paginate(DatabaseName=options.database, TableName=options.table):
                for p in page.get("Partitions", []):
                    loc = (p.get("StorageDescriptor") or {}).get("Location", "")
                    parts.append((p["Values"][index], loc))
    raw = shape == "cur2" and "tags" in names
    usage = shape == "cur2" or "x_usagetype" in names
    return TableInfo(shape, str(storage.get("Location", "")), by_period, tuple(parts), raw, usage)


def _detect(names: set[str], options: AthenaOptions) -> str:
    if "line_item_unblended_cost" in names:
        return "cur2"
    if "billedcost" in names:
        return "focus"
    raise FinOpsError(
        f"Athena table {options.database}.{options.table}: neither CUR 2.0 (line_item_*) nor FOCUS "
        "(BilledCost) columns; pass --athena-shape cur2|focus"
    )


def _split(url: str) -> tuple[str, str]:
    if not url.startswith("s3://"):
        raise FinOpsError(f"Athena table location {url!r} is not an s3:// location")
    bucket, _, prefix = url[5:].partition("/")
    return bucket, prefix


def estimate(ctx: AwsContext, options: AthenaOptions, info: TableInfo, since: date) -> Estimate:
    """Size of the S3 objects the query may read: an upper bound for a Parquet scan."""
    if info.partitioned_by_period:
        first = f"{since:%Y-%m}"
        locations = [loc for value, loc in info.partition_locations if value >= first]
    else:
        locations = [info.location]
    s3 = ctx.client("s3")
    count = size = 0
    for location in locations:
        bucket, prefix = _split(location)
        with translate_errors(f"S3 listing of {location}"):
            for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix=prefix):
                for obj in page.get("Contents", []):
                    count += 1
                    size += int(obj["Size"])
    return Estimate(options.database, options.table, info.shape, since, count, size)


def rollup_sql(options: AthenaOptions, info: TableInfo) -> str:
    """The shape's SQL with identifiers, tag keys and placeholders filled in (dates stay parameters)."""
    text = files(__package__).joinpath(f"athena_sql/{info.shape}.sql").read_text(encoding="utf-8")
    n = len(options.tag_keys)
    table = ".".join(quote_ident(p) for p in (options.catalog, options.database, options.table))
    return text.format(
        table=table,
        tag_values="".join(f", {_tag_sql(info, k)} AS tag_{i}" for i, k in enumerate(options.tag_keys)),
        tag_columns="".join(f", tag_{i}" for i in range(n)),
        usage_type="x_usagetype" if info.usage_type else "CAST(NULL AS varchar)",
        partition_filter=" AND t.billing_period >= ?" if info.partitioned_by_period else "",
        group_by=", ".join(str(i) for i in range(1, DIMENSIONS + n + 1)),
    )


def rollup_parameters(options: AthenaOptions, info: TableInfo, since: date, recent: date) -> list[str]:
    """Execution parameters in the order their ``?`` appear in :func:`rollup_sql`."""
    params = [literal(recent.isoformat()), literal(f"{since.isoformat()} 00:00:00")]
    if info.partitioned_by_period:
        params.append(literal(f"{since:%Y-%m}"))
    return params


def recent_start(today: date, days: int = RECENT_DAYS) -> date:
    """First day of the resource-grain window: the last ``days`` days."""
    return today - timedelta(days=days)


Sleep = Callable[[float], None]


def run_query(
    ctx: AwsContext,
    options: AthenaOptions,
    sql: str,
    params: Sequence[str],
    *,
    name: str,
    sleep: Sleep = time.sleep,
) -> AthenaResult:
    """Start the query, poll with backoff until it ends, and page every result row."""
    athena = ctx.client("athena")
    start: dict[str, Any] = {
        "QueryString": sql,
        "QueryExecutionContext": {"Database": options.database, "Catalog": options.catalog},
        "WorkGroup": options.workgroup,
    }
    if params:
        start["ExecutionParameters"] = list(params)
    if options.output:
        start["ResultConfiguration"] = {"OutputLocation": options.output}
    with translate_errors(f"Athena query {name}"):
        query_id = athena.start_query_execution(**start)["QueryExecutionId"]
        delay = 0.2
        while True:
            execution = athena.get_query_execution(QueryExecutionId=query_id)["QueryExecution"]
            status = execution.get("Status") or {}
            state = status.get("State")
            if state == "SUCCEEDED":
                break
            if state in ("FAILED", "CANCELLED"):
                reason = status.get("StateChangeReason") or (status.get("AthenaError") or {}).get(
                    "ErrorMessage", "no reason given"
                )
                raise FinOpsError(f"Athena query {name} ({query_id}) {state.lower()}: {reason}")
            sleep(delay)
            delay = min(delay * 2, options.poll_max)
        scanned = int((execution.get("Statistics") or {}).get("DataScannedInBytes") or 0)
        columns: tuple[str, ...] = ()
        rows: list[tuple[str | None, ...]] = []
        token: str | None = None
        pages = 0
        while True:
            page = athena.get_query_results(
                QueryExecutionId=query_id, MaxResults=1000, **({"NextToken": token} if token else {})
            )
            pages += 1
            result = page.get("ResultSet") or {}
            if not columns:
                info = (result.get("ResultSetMetadata") or {}).get("ColumnInfo") or []
                columns = tuple(c["Name"] for c in info)
            batch = result.get("Rows") or []
            if pages == 1 and batch and _is_header(batch[0], columns):
                batch = batch[1:]  # a SELECT's first page starts with the column names
            rows.extend(tuple(d.get("VarCharValue") for d in r.get("Data", [])) for r in batch)
            token = page.get("NextToken")
            if not token:
                break
    return AthenaResult(columns, rows, scanned, str(query_id), pages)


def _is_header(row: dict[str, Any], columns: tuple[str, ...]) -> bool:
    return tuple(d.get("VarCharValue") for d in row.get("Data", [])) == columns

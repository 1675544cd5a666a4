"""AWS CUR 2.0 (Data Exports) mapped to FOCUS with the legacy CUR rules.

CUR 2.0 keeps the Athena column names of legacy CUR but folds the long tail into map columns:
``product`` (attributes such as ``servicename``, ``instance_type``, ``volume_api_name``),
``resource_tags`` (keys normalised to ``user_cost_center``), ``cost_category`` and ``discount``. In
CSV those maps are JSON text, in Parquet real MAP (or STRUCT) columns, so every read goes through a
helper that handles the three. A product attribute is read from its own column when the export has
one and from the ``product`` map otherwise. Only the innermost SELECT differs from legacy CUR; the
charge, cost and commitment rules are shared (see ``aws_cur``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from finops_tui.sync.formats.aws_cur import cur_select, is_cur2
from finops_tui.sync.formats.base import Header, json_tags, literal, quote


def _map_kind(header: Header, column: str) -> str:
    sql_type = header.type_of(column).upper()
    if sql_type.startswith("MAP("):
        return "map"
    if sql_type.startswith("STRUCT("):
        return "struct"
    return "json"


def map_value(header: Header, column: str, key: str) -> str:
    """SQL: the text value of ``key`` in map column ``column`` (NULL when the key is absent)."""
    col = quote(header.find(column) or column)
    kind = _map_kind(header, column)
    if kind == "map":
        return f"CAST(map_extract_value({col}, {literal(key)}) AS VARCHAR)"
    path = literal(f'$."{key}"')
    if kind == "struct":
        return f"json_extract_string(to_json({col}), {path})"
    return f"json_extract_string(NULLIF(TRIM(CAST({col} AS VARCHAR)), ''), {path})"


def as_map(header: Header, column: str) -> str:
    """SQL: map column ``column`` as ``MAP(VARCHAR, VARCHAR)``, whatever the file stored."""
    col = quote(header.find(column) or column)
    kind = _map_kind(header, column)
    if kind == "map":
        return f"CAST({col} AS MAP(VARCHAR, VARCHAR))"
    if kind == "struct":
        return json_tags(f"CAST(to_json({col}) AS VARCHAR)")
    return json_tags(col)


def tags_from_map(map_sql: str, rename: Callable[[str], str]) -> str:
    """SQL: a MAP(VARCHAR, VARCHAR) with keys rewritten by ``rename`` (SQL of a key), blanks dropped.

    Keys that collide after renaming keep their first value: ``map_from_entries`` rejects duplicates,
    and one odd tag must not fail a whole month's import.
    """
    kept = f"list_filter(map_entries({map_sql}), lambda e: NULLIF(TRIM(e.value), '') IS NOT NULL)"
    renamed = f"list_transform({kept}, lambda e: {{'key': {rename('e.key')}, 'value': e.value}})"
    unique = (
        f"list_filter({renamed}, lambda e, i: "
        f"list_position(list_transform({renamed}, lambda x: x.key), e.key) = i)"
    )
    return f"CASE WHEN len({unique}) = 0 THEN NULL ELSE map_from_entries({unique}) END"


def normalized_tag_key_sql(key: str) -> str:
    """SQL twin of ``aws_cur.normalized_tag_key`` over the key expression ``key``."""
    return (
        f"CASE WHEN starts_with({key}, 'user_') THEN substr({key}, 6) "
        f"WHEN starts_with({key}, 'aws_') THEN 'aws:' || substr({key}, 5) ELSE {key} END"
    )


def raw_tag_key_sql(key: str) -> str:
    """SQL: a raw CUR tag key ``resourceTags/user:CostCenter`` as ``CostCenter``; ``aws:`` keys kept."""
    return f"regexp_replace(regexp_replace({key}, '^resourceTags/', ''), '^user:', '')"


def cur2_tags(header: Header) -> str:
    """SQL: the row's tags; the raw ``tags`` column (original keys) wins over ``resource_tags``.

    ``resource_tags`` lower-cases and underscores keys (``user_cost_center``); when the export also
    carries ``tags`` with the keys as written on the resources, a row's tags come from there and
    ``resource_tags`` is only the fallback for rows where ``tags`` is empty.
    """
    parts: list[str] = []
    if header.has("tags"):
        parts.append(tags_from_map(as_map(header, "tags"), raw_tag_key_sql))
    if header.has("resource_tags"):
        parts.append(tags_from_map(as_map(header, "resource_tags"), normalized_tag_key_sql))
    if not parts:
        return "NULL"
    return parts[0] if len(parts) == 1 else f"coalesce({', '.join(parts)})"


@dataclass(frozen=True)
class AwsCur2Format:
    """AWS CUR 2.0 from Data Exports, CSV or Parquet, with or without its manifest."""

    name: str = "aws-cur2"

    def matches(self, header: Header) -> bool:
        """Snake_case CUR columns plus a CUR 2.0-only column (map columns or account names)."""
        return is_cur2(header)

    def select_sql(self, header: Header) -> str:
        """The shared CUR rules over CUR 2.0 columns, product attributes falling back to the map."""
        has_product_map = header.has("product")

        def resolve(snake: str, csv: str) -> tuple[str, str]:
            found = header.find(snake)
            flat = (quote(found), header.type_of(found)) if found else ("NULL", "VARCHAR")
            if not has_product_map or not snake.startswith("product_"):
                return flat
            from_map = map_value(header, "product", snake[len("product_") :])
            if found is None:
                return from_map, "VARCHAR"
            return f"coalesce(NULLIF(TRIM(CAST({flat[0]} AS VARCHAR)), ''), {from_map})", "VARCHAR"

        return cur_select(resolve, cur2_tags(header), self.name)

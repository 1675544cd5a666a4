"""The import works out what the screens read under the config in force (``--config``), so a config
with its own tag rules or thresholds opens Allocation and Waste on stored results, not live ones."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import duckdb

from finops_tui.cache import CacheReader
from finops_tui.cli import main
from finops_tui.queries import allocation
from finops_tui.settings import Settings, load_settings
from finops_tui.sync.importer import import_paths
from finops_tui.tag_rules import TagRules
from finops_tui.waste.stored import thresholds_key
from tests.allocation_fixture import LINES, NOW, write

CONFIGURED = Settings(required_tags=("team",))


def _exports(tmp: Path) -> list[Path]:
    return [
        write(tmp / "exports" / "2024-12.csv", [ln for ln in LINES if ln["ChargePeriodStart"] < "2025"]),
        write(tmp / "exports" / "2025-01.csv", [ln for ln in LINES if ln["ChargePeriodStart"] >= "2025"]),
    ]


def _stored(db: Path) -> tuple[set[str], set[str]]:
    with duckdb.connect(str(db), read_only=True) as con:
        flags = {row[0] for row in con.execute("SELECT DISTINCT signature FROM tag_flags_stored").fetchall()}
        found = {row[0] for row in con.execute("SELECT thresholds FROM waste_findings").fetchall()}
    return flags, found


def test_import_stores_flags_and_findings_under_the_given_settings(tmp_path: Path) -> None:
    default_db = tmp_path / "default.duckdb"
    configured_db = tmp_path / "configured.duckdb"
    import_paths(default_db, _exports(tmp_path), now=NOW)
    import_paths(configured_db, _exports(tmp_path), now=NOW, settings=CONFIGURED)
    assert _stored(default_db) == ({TagRules().signature}, {thresholds_key(Settings())})
    assert _stored(configured_db) == (
        {CONFIGURED.tag_rules().signature},
        {thresholds_key(CONFIGURED)},
    )
    assert CONFIGURED.tag_rules().signature != TagRules().signature  # the test compares two rule sets
    views = []
    for db in (configured_db, default_db):  # stored under the config / worked out when the screen opens
        allocation.clear_memo()
        with CacheReader(db).reader() as cur:
            index = allocation.tag_index(cur, CONFIGURED.tag_rules())
            view = allocation.allocation_view(cur, as_of=date(2025, 1, 31), settings=CONFIGURED)
            views.append((index.resolved, view))
    assert [resolved for resolved, _ in views] == [True, False]
    assert views[0][1] == views[1][1]


def test_the_import_command_reads_the_config(tmp_path: Path) -> None:
    config = tmp_path / "finops-tui.toml"
    config.write_text(
        'required_tags = ["team"]\n[thresholds]\nwaste_min_monthly_saving = 5\n', encoding="utf-8"
    )
    db = tmp_path / "cache.duckdb"
    paths = [str(p) for p in _exports(tmp_path)]
    assert main(["--db", str(db), "import", "--quiet", "--config", str(config), *paths]) == 0
    settings = load_settings(config)
    assert settings.thresholds.waste_min_monthly_saving == 5
    assert _stored(db) == ({settings.tag_rules().signature}, {thresholds_key(settings)})

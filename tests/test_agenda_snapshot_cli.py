"""Snapshot round trip (original cache deleted) and the ``agenda`` / ``snapshot`` commands."""

from __future__ import annotations

import json
import shutil
from datetime import date, datetime
from pathlib import Path

import pytest

from finops_tui.agenda import store
from finops_tui.cli import main
from finops_tui.errors import FinOpsError
from finops_tui.reports.redact import pseudonym
from finops_tui.snapshot import open_snapshot, read_info, write_snapshot
from finops_tui.workspace import Workspace
from tests.agenda_fixture import AS_OF, build_agenda_cache

NOW = datetime(2025, 3, 11, 9, 0)


def test_snapshot_round_trip_without_the_original(tmp_path: Path) -> None:
    db = build_agenda_cache(tmp_path / "live" / "cache.duckdb")
    store.add_action(
        Workspace.for_cache(db),
        title="Tag S3",
        owner="dee",
        due_date=None,
        source=None,
        meeting_month=date(2025, 2, 1),
        now=NOW,
    )
    snap = tmp_path / "out" / "review.finops.zip"
    info = write_snapshot(db, snap, now=NOW, as_of=AS_OF)
    assert info.as_of == AS_OF
    shutil.rmtree(tmp_path / "live")
    copy = tmp_path / "other-machine" / "review.finops.zip"
    copy.parent.mkdir()
    shutil.copy(snap, copy)
    opened = open_snapshot(copy)
    assert opened.info == read_info(copy)
    assert opened.info.created_at == NOW
    assert [a.title for a in store.agenda_actions(opened.workspace, date(2025, 2, 1))] == ["Tag S3"]
    # an item captured while viewing the snapshot is kept across re-opening it
    store.add_action(
        opened.workspace,
        title="Review RI",
        owner=None,
        due_date=None,
        source=None,
        meeting_month=date(2025, 2, 1),
        now=NOW,
    )
    again = open_snapshot(copy)
    assert [a.title for a in store.all_actions(again.workspace)] == ["Tag S3", "Review RI"]


def test_snapshot_rejects_other_files(tmp_path: Path) -> None:
    bad = tmp_path / "x.zip"
    bad.write_text("not a zip")
    with pytest.raises(FinOpsError, match="not a finops-tui snapshot"):
        open_snapshot(bad)


def test_cli_agenda_markdown_json_and_snapshot(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = build_agenda_cache(tmp_path / "c" / "cache.duckdb")
    out = tmp_path / "agenda.md"
    assert main(["agenda", "--db", str(db), "--as-of", "2025-03-10", "--out", str(out)]) == 0
    md = out.read_text()
    assert "| February 2025 total | $2,640.00 | 28 days, effective cost |" in md
    assert (
        main(["agenda", "--db", str(db), "--as-of", "2025-03-10", "--month", "2025-01", "--format", "json"])
        == 0
    )
    doc = json.loads(capsys.readouterr().out)
    assert doc["month"] == "2025-01"
    assert doc["parts"][0]["lines"][0] == {
        "label": "January 2025 total",
        "value": "$2,620.00",
        "detail": "31 days, effective cost",
        "kind": "kpi",
    }
    snap = tmp_path / "s.zip"
    assert main(["snapshot", "--db", str(db), "--out", str(snap)]) == 0
    assert read_info(snap).as_of == AS_OF
    db.unlink()
    assert main(["agenda", "--snapshot", str(snap), "--format", "json"]) == 0
    from_snapshot = json.loads(capsys.readouterr().out)
    assert from_snapshot["parts"][0]["lines"][0]["value"] == "$2,640.00"


def test_cli_bad_month(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["agenda", "--month", "2025-13"])
    assert "is not a month" in capsys.readouterr().err


def test_agenda_core_never_imports_textual() -> None:
    import subprocess
    import sys

    code = (
        "import sys, finops_tui.agenda.build, finops_tui.reports.agenda, finops_tui.snapshot, "
        "finops_tui.cli_agenda, finops_tui.queries.agenda; print('textual' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_redacted_agenda_shows_no_address(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An action item owned by an e-mail address, raised about an account: ``--redact`` Markdown and
    JSON carry pseudonyms, lines and minutes alike; without it they read as typed."""
    db = build_agenda_cache(tmp_path / "c" / "cache.duckdb")
    store.add_action(
        Workspace.for_cache(db), title="Ask about 123456789012", owner="Erin@Acme-Corp.com", due_date=None,
        source="owner erin@acme-corp.com", meeting_month=date(2025, 2, 1), now=NOW,
    )  # fmt: skip
    args = ["agenda", "--db", str(db), "--as-of", "2025-03-10"]
    for fmt in ("markdown", "json"):
        assert main([*args, "--format", fmt, "--redact"]) == 0
        out = capsys.readouterr().out
        assert (
            pseudonym("person", "erin@acme-corp.com") in out and pseudonym("account", "123456789012") in out
        )
        assert "acme" not in out.lower() and "123456789012" not in out
    assert main([*args, "--format", "json"]) == 0
    plain = json.loads(capsys.readouterr().out)
    assert plain["action_items"][0]["owner"] == "Erin@Acme-Corp.com"


def test_snapshot_refuses_redact(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A snapshot holds the cache as it is; a --redact that did nothing looked like a safe file to share."""
    db = build_agenda_cache(tmp_path / "c" / "cache.duckdb")
    out = tmp_path / "s.zip"
    assert main(["snapshot", "--db", str(db), "--out", str(out), "--redact"]) == 1
    err = capsys.readouterr().err
    assert "--redact does not apply" in err and f"finops-tui --snapshot {out} --redact" in err
    assert not out.exists()

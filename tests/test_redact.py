"""Redaction's pseudonyms: stable, and covering what identifies an estate or a person."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from finops_tui.cli import main
from finops_tui.reports.redact import Redactor, pseudonym
from finops_tui.sync.importer import import_paths
from tests.focus_csv import row, write


def test_e_mail_addresses_in_tag_values_become_people() -> None:
    red = Redactor(on=True)
    assert red.value("tag:owner", "ana@acme.example") == pseudonym("person", "ana@acme.example")
    assert red.value("tag:owner", "Ana@Acme.Example") == red.value("tag:owner", "ana@acme.example")
    assert red.value("tag:team", "payments") == "payments"  # tags are what the room reads
    person = pseudonym("person", "ana@acme.example")
    assert red.value("tag:owner", "team ana@acme.example x") == f"team {person} x"
    assert Redactor(on=False).value("tag:owner", "ana@acme.example") == "ana@acme.example"


def test_a_redacted_trends_report_by_owner_shows_no_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "cache.duckdb"
    rows = [
        row("5.00", day="2025-01-03", tags='{"owner": "Ana@Acme.example"}'),
        row("2.00", day="2025-01-04"),
    ]
    import_paths(db, [write(tmp_path / "lines.csv", rows)], now=datetime(2025, 1, 6))
    args = ["report", "trends", "--db", str(db), "--as-of", "2025-01-05", "--group-by", "tag:owner"]
    assert main([*args, "--redact"]) == 0
    out = capsys.readouterr().out
    assert "acme" not in out.lower() and pseudonym("person", "ana@acme.example") in out  # values fold
    assert main(args) == 0 and "ana@acme.example" in capsys.readouterr().out

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


def test_free_text_loses_every_identifier_it_quotes() -> None:
    """Notes, owners, commands and evidence: ids found inside prose become the pseudonyms their rows
    show (an ARN as the resource it names), and what is not an id reads as typed."""
    red = Redactor(on=True)
    arn = "arn:aws:ec2:eu-west-1:456789012345:snapshot/snap-0ec6e8294b9dac779"
    assert red.text(f"EBS snapshot growth: {arn}") == f"EBS snapshot growth: {red.value('resource', arn)}"
    ri = "a3b1799d-1c80-4066-8bdd-3eb146685257"
    command = f"aws ec2 modify-reserved-instances --reserved-instances-ids {ri} --target-configurations x"
    assert red.text(command) == command.replace(ri, pseudonym("id", ri))
    disk = (
        "/subscriptions/6bd7f764-e4cc-4b4a-9a1e-1234567890ab/resourceGroups/rg/providers/Microsoft.Compute/d"
    )
    assert red.text(f"az disk delete --ids {disk}") == f"az disk delete --ids {red.value('resource', disk)}"
    note = "ask Bob@Acme-Corp.com why 123456789012 runs i-0abc1234def567890"
    assert red.text(note) == (
        f"ask {pseudonym('person', 'bob@acme-corp.com')} why {pseudonym('account', '123456789012')} "
        f"runs {red.value('resource', 'i-0abc1234def567890')}"
    )
    plain = "saving $1,234.56 from 2026-11-01, 720 hours of r6i.2xlarge (USE1-BoxUsage:m5.large)"
    assert red.text(plain) == plain
    assert red.text("1,234567890123.5 and 0.123456789012") == "1,234567890123.5 and 0.123456789012"
    assert Redactor(on=False).text(note) == note

"""The header line keeps what matters in view when the filters are long."""

from __future__ import annotations

from datetime import date

from finops_tui.widgets.header_line import HeaderInfo, header_text


def test_long_filters_give_way_from_their_start_and_redacted_stays() -> None:
    info = HeaderInfo(
        as_of=date(2025, 2, 10),
        providers=(("AWS", date(2025, 2, 10)),),
        filters="Service = Amazon Elastic Compute Cloud \u203a Usage type = BoxUsage:m5.large",
        redacted=True,
    )
    wide = header_text(info, width=200).plain
    assert wide.endswith("Usage type = BoxUsage:m5.large  │  REDACTED")
    narrow = header_text(info, width=80).plain
    assert len(narrow) == 80 and narrow.endswith("= BoxUsage:m5.large  │  REDACTED")
    assert "│  …" in narrow  # the start of the filters gave way
